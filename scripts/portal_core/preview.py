"""The editors' preview (`bash scripts/dev.sh serve`): the site as it will be published, kept
up to date while they write.

Every save starts a build (the same build as publish: the check of the whole archive first).
A good build replaces the served site in one step; a build with problems leaves it in place
and every page shows the problems instead, in Chinese, as `path:line: message`. Each page keeps
a question open to the server, answered the moment a newer build exists, and then reloads,
so the browser follows the editor's saves: a broken file shows its error page at once and the
page comes back by itself once the file is fixed.

To keep up with a ten-year archive, builds render only part of the 晨学 items (build_scope):
the latest, every item saved since the preview started, every item opened in the browser
(built the moment it is asked for), and their neighbours.
"""

from __future__ import annotations

import gc
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from . import csp
from .checker import Remembered
from .morning import day_of_item_url, item_src
from .site_build import BuildFailed, build_site
from .site_config import load_settings

SETTLE_SECONDS = 0.05  # an editor's save may be written in several steps
ANSWER_WITHIN = 20  # seconds a page's question "is there a newer build?" is held open
_CONTENT_NAMED = re.compile(r"\.[0-9a-f]{8}(\.min)?\.(css|js|svg)$")

LIVE_SCRIPT = """\
// The preview's only script: reload this page when the preview has a newer build.
(function () {
  var shown = document.currentScript.getAttribute("data-version");
  function ask() {
    // The server answers as soon as there is a newer build, or after a while with the same one.
    fetch("/.preview/version?shown=" + shown, { cache: "no-store" })
      .then(function (answer) { return answer.text(); })
      .then(function (version) {
        if (version !== shown) { location.reload(); } else { ask(); }
      })
      .catch(function () { setTimeout(ask, 1000); });
  }
  ask();
})();
"""

BANNER = (
    '<div role="note" style="position:fixed;left:0;right:0;bottom:0;z-index:10;padding:4px 12px;'
    'background:#fff8e1;color:#5d4037;border-top:1px solid #e0c080;font-size:14px;text-align:center">'
    "这是预览：保存文件后页面会自动刷新。晨学只生成了最近几篇和您修改、打开过的几篇（全部晨学都已检查），"
    "发布时全部生成。"
    "</div>"
)


@dataclass
class PreviewState:
    """What the server shows; replaced by the builder, read by every request."""

    version: int = 0
    site: Path | None = None  # the last good build
    problems: list[str] | None = None  # the last build's messages, if it failed
    wanted: set[str] = field(default_factory=set)  # 晨学 items saved or opened, below docs/
    changed: set[str] = field(default_factory=set)  # files saved since the last build, below the project
    wake: threading.Event = field(default_factory=threading.Event)  # a save, or a page that wants a build
    built: threading.Condition = field(default_factory=threading.Condition)  # told of every new version
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(SimpleHTTPRequestHandler):
    # Missing pictures and styles; pages get the site's own 404 page.
    error_message_format = ('<!doctype html><html lang="zh"><meta charset="utf-8"><title>%(code)d</title>'
                            '<p>找不到这个文件（%(code)d）。</p></html>')
    error_content_type = "text/html; charset=utf-8"

    def __init__(self, *args, state: PreviewState, docs_dir: Path, **kwargs) -> None:
        self.state, self.docs_dir = state, docs_dir
        with state.lock:
            self.site, self.version, self.problems = state.site, state.version, state.problems
        # Until the first build, nothing is served from disk (see do_GET): never docs/ itself.
        super().__init__(*args, directory=str(self.site or tempfile.gettempdir()), **kwargs)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - no English access log for editors
        pass

    def end_headers(self) -> None:
        # Pages, pictures and JSON change with every save; files named by their content never do,
        # and keeping them makes the reload after a save quicker.
        named_by_content = _CONTENT_NAMED.search(urlsplit(self.path).path)
        self.send_header("Cache-Control", "max-age=3600, immutable" if named_by_content else "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == "/.preview/version":
            return self._send(str(self._newer_than(urlsplit(self.path).query.removeprefix("shown="))), "text/plain; ch"
                                                                                                       "arset=utf-8")
        if path == "/.preview/live.js":
            return self._send(LIVE_SCRIPT, "text/javascript; charset=utf-8")
        is_page = path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]
        # Problems first: when the very first build failed there is no site, and waiting would never end.
        if is_page and self.problems is not None:
            return self._send(self._page(_problems_page(self.problems)), status=HTTPStatus.SERVICE_UNAVAILABLE)
        if self.site is None and not is_page:  # the first build is still running
            return self._send("预览还在生成。", "text/plain; charset=utf-8", HTTPStatus.SERVICE_UNAVAILABLE)
        if self.site is None:
            return self._send(self._page(_waiting_page("正在检查全部内容并生成预览，请稍候……")),
                              status=HTTPStatus.SERVICE_UNAVAILABLE)
        if not is_page or (path.endswith("/") is False and Path(self.translate_path(path)).is_dir()):
            return super().do_GET()  # pictures, styles, scripts, JSON; a folder's address gets its "/"
        if file := self._page_file(path):
            return self._send(self._page(file.read_text(encoding="utf-8")))
        if self._ask_for_item(path):
            return self._send(self._page(_waiting_page("正在生成这一篇晨学，请稍候……")),
                              status=HTTPStatus.SERVICE_UNAVAILABLE)
        missing = self.site / "404.html"
        return self._send(self._page(missing.read_text(encoding="utf-8")), status=HTTPStatus.NOT_FOUND)

    def _newer_than(self, shown: str) -> int:
        """The current version, as soon as it differs from the page's (or after ANSWER_WITHIN seconds)."""
        with self.state.built:
            self.state.built.wait_for(lambda: str(self.state.version) != shown, timeout=ANSWER_WITHIN)
            return self.state.version

    def _page_file(self, path: str) -> Path | None:
        file = Path(self.translate_path(path))
        file = file / "index.html" if file.is_dir() else file
        return file if file.is_file() and file.suffix == ".html" else None

    def _ask_for_item(self, path: str) -> bool:
        """An item left out of the preview's build is built as soon as someone opens it."""
        day = day_of_item_url(path)
        src = item_src(day) if day else None
        if not src or not (self.docs_dir / src).is_file():
            return False
        with self.state.lock:
            self.state.wanted.add(src)
        self.state.wake.set()
        return True

    def _page(self, page: str) -> str:
        script = f'<script src="/.preview/live.js" data-version="{self.version}"></script>'
        end = page.rfind("</body>")
        end = len(page) if end < 0 else end
        return page[:end] + BANNER + script + page[end:]

    def _send(self, text: str, content_type: str = "text/html; charset=utf-8", status=HTTPStatus.OK) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _shell(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="zh"><head><meta charset="utf-8">{csp.META}'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{margin:0;font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;background:#f7f3ee;color:#22"
        "2}"
        "header{background:#a31b1b;color:#fff;padding:16px 24px;font-size:20px}"
        "main{max-width:960px;margin:24px auto;padding:0 24px 48px;font-size:16px;line-height:1.8}"
        "ol{padding-left:1.4em}li{margin:8px 0;padding:8px 12px;background:#fff;border-left:4px solid #a31b1b}"
        "code{font-family:inherit;font-weight:bold;color:#8a1010;word-break:break-all}</style>"
        f"</head><body><header>市场监管局党建学习门户 · 预览</header><main>{body}</main></body></html>"
    )


def _problems_page(messages: list[str]) -> str:
    """Every message of the failed build; `path:line:` set apart so editors find the place."""
    located = [m for m in messages if re.match(r"^[^\s:]+:\d+: ", m)]
    others = [m for m in messages if m not in located]
    items = []
    for message in located:
        place, text = message.split(": ", 1)
        items.append(f"<li><code>{html.escape(place)}</code><br>{html.escape(text)}</li>")
    items += [f"<li>{html.escape(message)}</li>" for message in others if "个内容问题" not in message]
    count = len(located) or len(items)
    body = (
        f"<h1>发现 {count} 个问题，网站没有更新</h1>"
        "<p>下面每一条都写明了文件、行号和改法（行号从文件第一行数起）。改正并保存文件后，这一页会自动刷新，"
        "不需要重新启动预览。</p>"
        f"<ol>{''.join(items)}</ol>"
    )
    return _shell(f"发现 {count} 个问题 · 预览", body)


def _waiting_page(message: str) -> str:
    return _shell("请稍候 · 预览", f"<h1>{html.escape(message)}</h1><p>页面会在生成后自动显示。</p>")


class _Watcher(FileSystemEventHandler):
    """Collects the files saved, added, moved or removed under the watched paths (inotify, no polling)."""

    # Never "opened" or "closed": the build itself reads every file, and thousands of such events
    # would slow it down. With this filter the kernel does not even send them.
    WRITES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent,
              DirCreatedEvent, DirDeletedEvent, DirMovedEvent]

    def __init__(self, root: Path, state: PreviewState, watched: tuple[str, ...]) -> None:
        self.root, self.state, self.watched = root, state, watched
        self.observer = Observer()
        for name in watched:
            path = root / name
            if path.is_dir():
                self.observer.schedule(self, str(path), recursive=True, event_filter=self.WRITES)
        # mkdocs.yml, saved in place or replaced:
        self.observer.schedule(self, str(root), recursive=False, event_filter=self.WRITES)
        self.observer.start()

    def on_any_event(self, event) -> None:
        for path in (event.src_path, getattr(event, "dest_path", "")):
            relative = os.path.relpath(path, self.root) if path else ""
            parts = Path(relative).parts
            if not parts or any(part.startswith(".") for part in parts) or parts[0] not in self.watched:
                continue  # editors' backups, the importer's staging folder, the preview's caches
            with self.state.lock:
                self.state.changed.add(relative)
            self.state.wake.set()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)


class Preview:
    def __init__(self, root: Path, site_url: str, config_file: str = "mkdocs.yml", say=print) -> None:
        self.root, self.site_url, self.config_file, self.say = root, site_url, config_file, say
        self.state = PreviewState()
        settings, _problems = load_settings(root, config_file)  # its problems are said by the first build
        self.docs_dir = settings.docs_dir
        # What a save in which makes a new build: the content, the theme folder and mkdocs.yml.
        self.watched = tuple(dict.fromkeys(Path(settings.shown(path)).parts[0]
                                           for path in (settings.docs_dir, settings.theme_dir, root / config_file)))
        self._old_sites: list[Path] = []
        self.settled = True
        self.remembered = Remembered()  # the check of a file that did not change is not redone

    def handler(self):
        return partial(_Handler, state=self.state, docs_dir=self.docs_dir)

    def build(self, changed: set[str] = frozenset()) -> bool:
        """One build into a new folder; the served site changes only if it succeeds."""
        docs = Path(os.path.relpath(self.docs_dir, self.root)).as_posix() + "/"
        # Any saved file below docs/: the scope keeps those that are 晨学 items.
        items = {path.removeprefix(docs) for path in changed if path.startswith(docs)}
        with self.state.lock:
            self.state.wanted |= items
            wanted = set(self.state.wanted)
        target = Path(tempfile.mkdtemp(prefix="portal-preview-"))
        messages: list[str] = []
        started = time.monotonic()
        try:
            build_site(self.root / self.config_file, target, self.site_url, report=messages.append, items=wanted,
                       remembered=self.remembered)
            failed = None
        except BuildFailed:
            failed = messages or ["网站没有生成，原因不明。请把终端里的信息发给技术人员。"]
        except Exception as error:  # the portal's own fault: said plainly, the preview keeps running
            failed = messages + [f"生成预览时出错（{type(error).__name__}: {error}）。这不是您的操作问题，"
                                 "请把这行信息发给技术人员。"]
        seconds = time.monotonic() - started
        with self.state.lock:
            if failed:
                self.state.problems = failed
            else:
                self.state.site, self.state.problems = target, None
            self.state.version += 1
        with self.state.built:
            self.state.built.notify_all()
        self._report(changed, failed, seconds)
        self._old_sites.append(target)
        self._tidy(keep=self.state.site)
        self.settled = False
        return not failed

    def settle_memory(self) -> None:
        """Between saves: free the last build's leftovers, then set aside what stays (the check's
        cache, MkDocs, the templates) so the garbage collector skips it during the next build."""
        if not self.settled:
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            self.settled = True

    def _report(self, changed: set[str], failed: list[str] | None, seconds: float) -> None:
        stamp = time.strftime("%H:%M:%S")
        names = "、".join(sorted(changed)[:5]) + ("等" if len(changed) > 5 else "")
        if failed:
            self.say(f"[{stamp}] 发现问题，网站没有更新（浏览器里显示问题清单，改正并保存后自动刷新）：")
            for message in failed:
                self.say(f"  {message}")
        else:
            self.say(f"[{stamp}] 预览已更新（{seconds:.1f} 秒）" + (f"：{names}" if names else "。"))

    def _tidy(self, keep: Path | None) -> None:
        """Old builds are removed, except the one served and the one before (a page may still be read)."""
        while len(self._old_sites) > 2:
            old = self._old_sites.pop(0)
            if old != keep:
                shutil.rmtree(old, ignore_errors=True)
            else:
                self._old_sites.insert(1, old)
                break

    def close(self) -> None:
        for old in self._old_sites:
            shutil.rmtree(old, ignore_errors=True)


def _start_printing(root: Path, site_url: str) -> subprocess.Popen | None:
    """The printed booklets brought up to date beside the preview, at low priority (once per start)."""
    try:
        return subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve().parents[1] / "portal.py"), "print", "--site-url", site_url],
            cwd=root,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=lambda: os.nice(10))
    except OSError:
        return None


def _printing_done(printer: subprocess.Popen, preview: Preview, say) -> None:
    if printer.returncode == 0:
        preview.build()  # their 下载打印版 buttons appear
        say("打印版（PDF）已是最新，手册和晨学合订本页面上有“下载打印版”按钮。")
    else:
        say("打印版（PDF）这次没有生成；运行 bash scripts/dev.sh portal print 可以看到原因。")


def serve(root: Path, host: str, port: int, say=print, booklets: bool = True) -> int:
    preview = Preview(root, f"http://{host}:{port}/", say=say)
    try:
        server = ThreadingHTTPServer((host, port), preview.handler())
    except OSError as error:
        say(f"无法在 {host}:{port} 启动预览（{error.strerror}）：可能预览已经在运行。"
            "请关掉另一个预览窗口，或换一个端口：bash scripts/dev.sh serve --port 8001")
        return 1
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(f"预览地址：http://{host}:{port}/ （按 Ctrl+C 停止）")
    say("正在检查全部内容并生成预览……")
    watcher = _Watcher(root, preview.state, preview.watched)
    printer = None
    try:
        preview.build()
        printer = _start_printing(root, preview.site_url) if booklets else None
        while True:
            if printer and printer.poll() is not None:
                _printing_done(printer, preview, say)
                printer = None
            if not preview.state.wake.wait(timeout=1):
                preview.settle_memory()  # after a second without a save: off the editor's way
                continue
            time.sleep(SETTLE_SECONDS)
            preview.state.wake.clear()
            with preview.state.lock:
                changed, preview.state.changed = preview.state.changed, set()
            preview.build(changed)
    except KeyboardInterrupt:
        say("\n预览已停止。")
        return 0
    finally:
        if printer and printer.poll() is None:
            printer.kill()
        watcher.stop()
        server.shutdown()
        server.server_close()
        preview.close()
