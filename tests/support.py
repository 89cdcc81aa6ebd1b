"""What the tests and scripts/benchmark.py share, in plain Python (the fixtures are conftest.py's):
the project copied as it is, generated 晨学 items, one build, one static server, Debian's nginx
with the project's site file, one Chromium launch, one table of page kinds, the editors' CLI and
the hostile files the safety tests and the benchmark plant."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib
from contextlib import contextmanager
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class NotInstalled(RuntimeError):
    """A system program the tests need is missing; the message says how to get it."""


# --- the project -----------------------------------------------------------------------------


def copy_project(target: Path) -> Path:
    """docs, overrides, scripts and mkdocs.yml, as the project is, into `target`."""
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"),
                        dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def build_site(project: Path, site: Path) -> Path:
    """Build a project folder with MkDocs' own API, strict as in production."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    return site


# --- generated 晨学 items ---------------------------------------------------------------------

_OPTIONS = ("    - 每月一次\n", "    - 每季度一次\n", "    - 每半年一次\n")


def _sample_bodies() -> list[str]:
    from portal_core.content import read_document

    return [read_document(path)[0].body.strip() for path in sorted((ROOT / "docs/morning").rglob("????-??-??.md"))]


def _working_days_before(end: dt.date, count: int) -> list[dt.date]:
    days, day = [], end
    while len(days) < count:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def add_items(project: Path, count: int) -> None:
    """`count` items on working days before the sample content, each about 600 characters, every
    fourth with a question: the sample items' own sentences in another order."""
    import yaml

    topics = yaml.safe_load((project / "docs/morning/topics.yml").read_text(encoding="utf-8"))
    bodies = _sample_bodies()
    for number, day in enumerate(_working_days_before(dt.date(2026, 9, 1), count)):
        paragraphs = bodies[number % len(bodies)].split("\n\n")
        shift = number % len(paragraphs)
        body = "\n\n".join(paragraphs[shift:] + paragraphs[:shift])
        topic = topics[number % len(topics)]
        front = f"title: 第{number + 1}期晨学：{topic}学习\ndate: {day.isoformat()}\ntopic: {topic}\n"
        front += f"tags:\n  - 标签{number % 40}\n"
        if number % 4 == 0:
            front += ("question:\n  prompt: 党课一般多长时间至少上一次？\n  options:\n"
                      + "".join(_OPTIONS) + "  answer: B\n")
        path = project / "docs/morning" / f"{day.year}" / f"{day.isoformat()}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")


# --- every kind of page -----------------------------------------------------------------------

# One page of each kind the portal makes, by a name for screenshots and test ids.
PAGE_KINDS = {
    "home": "/",
    "manuals": "/manuals/",
    "chapter": "/manuals/party-building/03-branch-life/",
    "lectures": "/lectures/",
    "lecture": "/lectures/2026-11-13-integrity-small-things/",
    "activities": "/activities/",
    "activity": "/activities/2026-06-28-red-journey/",
    "activity-month": "/activities/archive/2026/06/",
    "activity-branch": "/activities/category/机关党支部/",
    "morning": "/morning/",
    "morning-item": "/morning/2026/2026-11-27/",
    "morning-topic": "/morning/topics/廉政教育/",
    "morning-month": "/morning/archive/2026/11/",
    "tags": "/tags/",
    "guide": "/guide/",
    "guide-kiosk": "/guide/kiosk/",
    "not-found": "/404.html",
}


def read_page(site: Path, url: str) -> str:
    """The HTML a built site serves at `url` ("/morning/" → morning/index.html)."""
    path = site / unquote(url).strip("/")
    return (path if path.suffix == ".html" else path / "index.html").read_text(encoding="utf-8")


class PageLinks(HTMLParser):
    """Every href and src of a page (unquoted), and every id."""

    def __init__(self, html: str):
        super().__init__()
        self.urls: list[str] = []
        self.ids: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(unquote(value))
            if name == "id" and value:
                self.ids.append(value)


# --- serving ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class SiteServer:
    """A built site on 127.0.0.1 (a free port, or a fixed one) that a test can stop and start again."""

    def __init__(self, site: Path, port: int | None = None):
        self.site = site
        self.port = port
        self.server = None
        self.start()

    def start(self) -> None:
        handler = functools.partial(_QuietHandler, directory=str(self.site))
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port or 0), handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


NGINX_CONFIGS = ROOT / "scripts/deploy/nginx"


def _nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not found:
        raise NotInstalled("没有找到 nginx：请用 `bash scripts/dev.sh test` 运行测试，它会安装 Debian 的 nginx 包。")
    return found


def wait_until(condition, seconds: float = 10.0, step: float = 0.05) -> bool:
    """Poll `condition` until it is true or `seconds` pass; whether it became true."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


@contextmanager
def nginx(target: Path, config: str = "portal.conf", port: int | None = None, user: str | None = None):
    """Debian's nginx on 127.0.0.1 with the repository's site file, serving `target`/current; yields its
    URL. Its workers run as `user` (as root when the tests run as root: they must read private folders)."""
    port = port or free_port()
    work = target.parent / f"nginx-{port}"
    work.mkdir()
    site = (NGINX_CONFIGS / config).read_text(encoding="utf-8")
    assert site.count("listen 80;") == 1 and "/srv/portal/current" in site
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("/srv/portal/current", str(target / "current"))
    (work / "portal.conf").write_text(site, encoding="utf-8")
    (work / "snippets").mkdir()  # where the site file includes them from, as in /etc/nginx/snippets/
    for snippet in NGINX_CONFIGS.glob("portal-*.conf"):
        shutil.copy(snippet, work / "snippets" / snippet.name)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {work}/{kind};" for kind in kinds)
    user = f"user {user or 'root'};\n" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(f"""{user}worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
    include {work}/portal.conf;
}}
""", encoding="utf-8")
    process = subprocess.Popen([_nginx_binary(), "-c", str(work / "nginx.conf"), "-p", str(work)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if not wait_until(lambda: _answers(port) or process.poll() is not None) or process.poll() is not None:
        process.kill()
        log = work / "error.log"
        raise RuntimeError(log.read_text() if log.exists() else "nginx did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def publish(project: Path, target: Path, *extra: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """`portal.py publish --to target`, as IT runs it."""
    return run_portal(project, "publish", "--to", str(target), *extra, timeout=timeout)


def live_release(target: Path) -> str:
    """The release `target`/current points at (releases/NAME)."""
    return os.readlink(target / "current")


def fetch(url: str) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a GET, errors included; a header sent twice is joined with ", "."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, _headers(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _headers(error.headers), error.read()


def _headers(message) -> dict:
    return {name: ", ".join(message.get_all(name)) for name in dict.fromkeys(message.keys())}


# --- the browser ------------------------------------------------------------------------------

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # The machines have no internet: stop Chromium's own background calls.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium_path() -> str:
    path = os.environ.get("PORTAL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise NotInstalled("没有找到 Chromium：请用 `bash scripts/dev.sh test` 运行测试，"
                           "它会安装 Debian 的 chromium 包。")
    return path


def launch_chromium(playwright):
    """Debian's Chromium, headless, through Playwright (no browser is ever downloaded)."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS))


def type_chinese(page, text: str) -> None:
    """Type as a person with a Chinese input method does.

    The IME inserts the characters, then the key that confirms the choice is released: Material's
    search reads the box on that keyup. Playwright's insertText has no keyup, so "End" (which
    keeps the text) plays that key.
    """
    page.keyboard.type(text)
    page.keyboard.press("End")


def wait_for_search_ready(page) -> None:
    # Material's search ignores keys typed while its worker is still loading the index
    # (the meta line reads "正在初始化搜索引擎" until then).
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim() === '键入以开始搜索'")


def search_here(page, query: str) -> None:
    """Type a query into the search box of the page shown, and wait for its first result."""
    page.locator(".md-search__input").click()
    type_chinese(page, query)
    page.locator(".md-search-result__item").first.wait_for(state="visible")


def search(page, site_url: str, query: str) -> list[str]:
    """Type a query into the search box of the home page; the paths of the results shown, in order."""
    page.goto(site_url + "/", wait_until="networkidle")
    wait_for_search_ready(page)
    search_here(page, query)
    hrefs = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(link => link.href)")
    return [unquote(urlparse(href).path) for href in hrefs]


# --- the kiosk (in Asia/Shanghai, with a clock the test controls) ---------------------------

LANDSCAPE = {"width": 1920, "height": 1080}
PORTRAIT = {"width": 1080, "height": 1920}


def kiosk(browser, url: str, when: str, viewport=LANDSCAPE, query: str = ""):
    context = browser.new_context(viewport=viewport, timezone_id="Asia/Shanghai", locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.clock.install(time=when)
    page.goto(f"{url}/kiosk/{query}", wait_until="networkidle")
    page.locator(".kiosk-slide:not(.kiosk-slide--probe):not(.kiosk-slide--waiting)").first.wait_for()
    return context, page


def current(page) -> dict:
    return page.evaluate("""() => {
        const slide = document.querySelector('.kiosk-slide:not(.kiosk-slide--probe)');
        const text = (selector) => { const el = slide.querySelector(selector); return el ? el.textContent : null; };
        return {kind: slide.className, label: text('.kiosk-label'), meta: text('.kiosk-meta'),
                title: text('.kiosk-title'), page: text('.kiosk-page')};
    }""")


def advance(page, seconds: float) -> None:
    """Let the fake clock run, then give the page's promises a moment of real time."""
    page.clock.run_for(int(seconds * 1000))
    page.wait_for_timeout(150)


# --- the editors' CLI -------------------------------------------------------------------------


def run_portal(project: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """The editors' CLI, run as editors run it, in a project folder."""
    return subprocess.run([sys.executable, str(project / "scripts/portal.py"), *args],
                          cwd=project, capture_output=True, text=True, timeout=timeout)


def interrupt_portal(project: Path, *args: str, at: str, stream: str = "stdout", after: float = 0.0):
    """The editors' CLI, stopped with Ctrl+C once a line of `stream` holds `at`; (exit code, stdout, stderr)."""
    process = subprocess.Popen([sys.executable, str(project / "scripts/portal.py"), *args],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in getattr(process, stream):
        if at in line:
            time.sleep(after)
            process.send_signal(signal.SIGINT)
            break
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in a project folder, as IT runs it by hand."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


SHEET_HEADER = ("日期", "标题", "主题", "标签", "正文", "出处")


def make_xlsx(path: Path, rows: list[tuple], header: tuple | list = SHEET_HEADER) -> Path:
    """A spreadsheet of 晨学 items as the party office keeps one: a header row, then one row each."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


# --- hostile files ----------------------------------------------------------------------------


def laughs(depth: int) -> str:
    """A billion laughs in YAML: each line names the one above nine times, `depth` lines deep."""
    names = "abcdefghijklmnop"[: depth + 1]
    return f"{names[0]}: &{names[0]} [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip(names, names[1:]))


def bomb_png(path: Path, width: int = 20_000, height: int = 10_000) -> None:
    """A small PNG that declares `width`×`height` one-bit pixels, written without ever holding them."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer, row = zlib.compressobj(9), b"\0" * (1 + width // 8)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
                     + chunk(b"IDAT", data) + chunk(b"IEND", b""))
