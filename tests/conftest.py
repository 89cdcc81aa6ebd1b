"""Shared fixtures: the real site built once, served on 127.0.0.1 (from a thread, or by Debian's
nginx with the project's own site file), and Debian's Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from benchmark import copy_project  # noqa: E402  (docs, overrides, scripts and mkdocs.yml, as the project is)


def build_site(project_dir: Path, site_dir: Path) -> Path:
    """Build a project folder with MkDocs' own API, strict as in production."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project_dir / "mkdocs.yml"), site_dir=str(site_dir))
    build(config)
    return site_dir


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway copy of the project that a test may break or add to."""
    copy_project(tmp_path)
    return tmp_path


def run_portal(project_dir: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """The editors' CLI, run as editors run it, in a project folder."""
    return subprocess.run(
        [sys.executable, str(project_dir / "scripts/portal.py"), *args],
        cwd=project_dir, capture_output=True, text=True, timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def interrupt_portal(project_dir: Path, *args: str, at: str, stream: str = "stdout", after: float = 0.0):
    """The editors' CLI, stopped with Ctrl+C once a line of `stream` holds `at`; (exit code, stdout, stderr)."""
    process = subprocess.Popen([sys.executable, str(project_dir / "scripts/portal.py"), *args],
                               cwd=project_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in getattr(process, stream):
        if at in line:
            time.sleep(after)
            process.send_signal(signal.SIGINT)
            break
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


# Tiers: `bash scripts/dev.sh test --quick` runs `-m "not (browser or nginx or pdf or preview or archive or build)"`.
# A module or test that needs nginx, PDFs, the preview, a large archive or a build of its own says so
# (`pytestmark`, `@pytest.mark.build`); a test that asks for the browser is marked here, so no browser
# test can land in the quick tier.
_BROWSER_FIXTURES = {"browser", "page"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    return build_site(ROOT, tmp_path_factory.mktemp("site"))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="session")
def site_url(site_dir):
    """The built site served on 127.0.0.1 from a thread, on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class SiteServer:
    """A copy of the built site on a fixed 127.0.0.1 port that a test can stop and start again."""

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


@pytest.fixture
def own_site(site_dir, tmp_path):
    """A site a test may change or take offline without disturbing the others."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    server = SiteServer(copy)
    yield server
    server.stop()


NGINX_CONFIGS = ROOT / "scripts/deploy/nginx"


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not found:
        pytest.fail("没有找到 nginx：请用 `bash scripts/dev.sh test` 运行测试，它会安装 Debian 的 nginx 包。")
    return found


@contextmanager
def nginx(target: Path, config: str = "portal.conf", port: int | None = None):
    """Debian's nginx on 127.0.0.1 with the repository's site file; yields its base URL."""
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
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private folders
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
    process = subprocess.Popen([nginx_binary(), "-c", str(work / "nginx.conf"), "-p", str(work)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail((work / "error.log").read_text() if (work / "error.log").exists() else "nginx did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def chromium_path() -> str:
    path = os.environ.get("PORTAL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("没有找到 Chromium：请用 `bash scripts/dev.sh test` 运行测试，它会安装 Debian 的 chromium 包。")
    return path


# Every browser console message that says the Content-Security-Policy refused something.
csp_refusals: list[str] = []


def _watch_for_csp_refusals(context):
    def note(message):
        if "Content Security Policy" in message.text:
            csp_refusals.append(message.text)

    context.on("console", note)
    return context


class _WatchedBrowser:
    """The browser, with every context listening for the policy refusing the portal's own code."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        return _watch_for_csp_refusals(self._browser.new_context(**options))

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def nothing_refused_by_the_policy(request):
    """The whole suite runs under the portal's policy: a page it breaks fails its test."""
    csp_refusals.clear()
    yield
    if "csp_refusals_expected" not in request.keywords:
        assert csp_refusals == [], csp_refusals


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                # The machines have no internet: stop Chromium's own background calls.
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield _WatchedBrowser(browser)
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Screenshots saved by the test run, to be looked at."""
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
