"""kill -9 at any moment of publishing a ten-year archive: `current` always serves a whole release,
and no process of the killed publish is left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import add_items, fetch, live_release, nginx, publish, run_portal

pytestmark = [pytest.mark.nginx, pytest.mark.archive]

ITEMS = 365  # a year: every moment of the kill matrix is reached; scale is the benchmark's to measure
PAGES = ["/", "/morning/index.json", "/manuals/integrity/01-discipline-rules/", "/kiosk/build.json",
         "/search/manifest.json"]


def start_publish(project: Path, target: Path) -> subprocess.Popen:
    # Its own session: every process it starts can be found by its group after the kill.
    return subprocess.Popen([sys.executable, str(project / "scripts/portal.py"), "publish", "--to", str(target)],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)


def processes_left(group: int, seconds: float = 5.0) -> bool:
    """Whether any process of the group is still alive after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.1)
    return True


def whole(target: Path) -> bool:
    release = target / live_release(target)
    return (release / ".portal-release.json").is_file() and (release / "search/manifest.json").is_file()


def test_kill_9_during_a_publish_of_ten_years_never_breaks_the_live_site(project, tmp_path):
    add_items(project, ITEMS)
    target = tmp_path / "srv-portal"
    # The booklets of ten years are made once, as on the bureau's machine; each publish below
    # then remakes only the year of the item it changes.
    printed = run_portal(project, "print", timeout=1800)
    assert printed.returncode == 0, printed.stdout[-2000:]
    started = time.monotonic()
    first = publish(project, target, "--site-url", "http://127.0.0.1:8000/", timeout=1800)
    assert first.returncode == 0, first.stdout[-2000:]
    full = time.monotonic() - started
    print(f"publish of {ITEMS} items: {full:.0f} s")
    item = project / "docs/morning/2026/2026-11-27.md"
    item.write_text(item.read_text(encoding="utf-8").replace("年末岁尾", "岁末年初"), encoding="utf-8")

    with nginx(target) as url:
        before = {path: fetch(url + path)[2] for path in PAGES}
        live = live_release(target)
        # Early (while the year's booklet is remade), in the middle of the build, while the search
        # index is written, while the release is verified, and while `current` is being switched.
        moments = [2.0, full * 0.4, "正在核对生成的网站", "正在切换上线版本"]
        for moment in moments:
            process = start_publish(project, target)
            if isinstance(moment, float):
                time.sleep(moment)
            else:
                for line in process.stdout:
                    if moment in line:
                        break
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            assert not processes_left(process.pid), f"a process outlived the publish killed at {moment}"
            assert whole(target), moment
            now_live = live_release(target)
            served = {path: fetch(url + path)[2] for path in PAGES}
            if now_live == live:
                assert served == before, moment
            else:  # killed after the switch itself: the new release, whole
                assert "岁末年初".encode() in served["/morning/index.json"], moment
            print(f"killed at {moment}: live {now_live}, {len(list((target / 'releases').glob('.partial-*')))} partial")

        result = publish(project, target, timeout=1800)
        assert result.returncode == 0
        assert not list((target / "releases").glob(".partial-*"))  # the next publish cleans up
        assert "岁末年初".encode() in fetch(url + "/morning/index.json")[2]
