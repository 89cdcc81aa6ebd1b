"""Publishing a release: check, print, build, verify, compress, then switch `current` in one rename.

A failed check, build or verification, Ctrl+C or `kill -9` leaves the live release as it was.
Everything is said through `say`, in Chinese; the CLI only prints it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import csp, printing, release_check, releases, site_address
from .checker import Remembered, check_content
from .site_build import BuildFailed, build_site
from .site_config import load_settings


class PublishFailed(Exception):
    """Nothing went live; the reasons were said as they came."""


@dataclass(frozen=True)
class Published:
    name: str
    items: int  # 晨学 items in the release
    size: int  # bytes
    seconds: float
    dirty: bool  # built from a working tree with uncommitted changes
    removed: list[str]  # older releases pruned


def publish(root: Path, target: Path, site_url: str | None = None, keep: int = releases.KEEP,
            say: Callable[[str], None] = print, build: Callable = build_site) -> Published:
    """One release of the project at `root`, live in `target` for the address `site_url` (else the
    live release's; a first publish must name one)."""
    started = time.monotonic()
    if site_url is not None and (wrong := site_address.problem(site_url)):
        _refuse(say, wrong, target)
    if (target / releases.CURRENT).exists() and not (target / releases.CURRENT).is_symlink():
        _refuse(say, f"{target / releases.CURRENT} 是一个普通的文件夹或文件，不是发布时建立的链接，发布不会替换它。"
                     f"请先把它改名保存（例如 mv {target / releases.CURRENT} {target}/current.old），再发布。", target)
    # The umask first: the lock makes DIR and DIR/releases/ when they are not there yet.
    with _readable_by_the_web_server(), releases.locked(target), _ctrl_c_remembered() as cancelled:
        address = _address(target, site_url, say)
        for name in releases.clean_leftovers(target):
            say(f"清理了上次没有完成的发布：{name}")
        commit, dirty = releases.git_state(root)
        name = releases.new_name(target, commit)
        partial = releases.partial_folder(target, name)
        try:
            settings, settings_problems = load_settings(root)
            remembered = Remembered()  # the build's own check reads no file a second time
            checked = check_content(settings, settings_problems, remembered=remembered)
            if not checked.problems and not printing.bring_up_to_date(settings, checked.archive, address.url, say):
                raise BuildFailed("打印版没有生成")
            say("正在检查内容并生成网站……")
            build(root / settings.config_file, partial, address.url, report=say, remembered=remembered)
            say("正在核对生成的网站……")
            problems = release_check.verify(partial, csp.POLICY, address.path) + release_check.unreadable(partial)
            for problem in problems:
                say(problem)
            if problems:
                raise BuildFailed("核对没有通过")
            releases.precompress(partial)
            items = len(release_check.morning_items(partial))
            size = release_check.size_of(partial)
            if cancelled():  # pressed while a library held the interrupt: cancelled all the same
                raise KeyboardInterrupt
            notes = {"name": name, "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                     "commit": commit, "dirty": dirty, "items": items, "size": size, "site_url": address.url}
            releases.complete(target, partial, name, notes)
            say("正在切换上线版本……")
            releases.switch(target, name)
        except BuildFailed:
            shutil.rmtree(partial, ignore_errors=True)
            say(f"\n发布没有完成，线上的版本没有变化（{releases.live(target) or '还没有上线的版本'}）。"
                "请按上面的提示修改后再发布。")
            raise PublishFailed from None
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        removed = releases.prune(target, keep)
    return Published(name, items, size, time.monotonic() - started, dirty, removed)


def _refuse(say: Callable[[str], None], reason: str, target: Path) -> None:
    say(reason)
    say(f"\n发布没有开始，线上的版本没有变化（{releases.live(target) or '还没有上线的版本'}）。")
    raise PublishFailed


def _address(target: Path, site_url: str | None, say: Callable[[str], None]) -> site_address.SiteAddress:
    """The address given, else the live release's: a routine publish never falls back to mkdocs.yml's
    preview address (which would break every photo and 晨学 link of a site served under a sub-path)."""
    remembered = releases.live_notes(target).get("site_url") or None
    if site_url is None and remembered is None:
        _refuse(say, "第一次发布要写明门户在内网的地址，例如：\n"
                     f"  bash scripts/dev.sh portal publish --to {target} --site-url http://主机名/\n"
                     "以后的发布会沿用上线版本的地址，不用再写。", target)
    address = site_address.resolve(site_url or remembered)
    if site_url is None:
        say(f"网站地址沿用上线版本的：{remembered}")
    elif remembered and address.url != remembered:
        say(f"网站地址从 {remembered} 改为 {address.url}。")
    return address


@contextmanager
def _readable_by_the_web_server() -> Iterator[None]:
    """Files made while publishing are readable by others (nginx runs as another user), whatever
    umask the caller's shell or git hook has (027 and 077 are common hardening baselines)."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@contextmanager
def _ctrl_c_remembered() -> Iterator[Callable[[], bool]]:
    """Ctrl+C stops the work as usual, and is also remembered: a library that calls back into
    Python (nh3, for every attribute it filters) swallows the KeyboardInterrupt at its boundary,
    and what was cancelled must still not go live."""
    pressed = []

    def stop(signum, frame):
        pressed.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, stop)
    try:
        yield lambda: bool(pressed)
    finally:
        signal.signal(signal.SIGINT, previous)
