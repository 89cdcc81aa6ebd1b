"""The fixtures: the real site built once per run, served on 127.0.0.1 from a thread, throwaway
copies of the project, and Debian's Chromium watched for the policy refusing anything. The
helpers they use are tests/support.py's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import ROOT, NotInstalled, SiteServer, build_site, copy_project, launch_chromium


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway copy of the project that a test may break or add to."""
    return copy_project(tmp_path)


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


@pytest.fixture(scope="session")
def site_url(site_dir):
    """The built site served on 127.0.0.1 from a thread, on a free port."""
    with SiteServer(site_dir) as server:
        yield server.url


@pytest.fixture
def own_site(site_dir, tmp_path):
    """A site a test may change or take offline without disturbing the others."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    server = SiteServer(copy)
    yield server
    server.stop()


# Every browser console message that says the Content-Security-Policy refused something.
_refusals: list[str] = []


def _watch_for_csp_refusals(context):
    def note(message):
        if "Content Security Policy" in message.text:
            _refusals.append(message.text)

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
    _refusals.clear()
    yield
    if "csp_refusals_expected" not in request.keywords:
        assert _refusals == [], _refusals


@pytest.fixture
def csp_refusals() -> list[str]:
    """What the policy refused so far in this test (for the tests that plant code it must refuse)."""
    return _refusals


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright)
        except NotInstalled as missing:
            pytest.fail(str(missing))
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
