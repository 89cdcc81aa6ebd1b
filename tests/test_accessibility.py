"""axe-core over every kind of page, on an office PC (1366×768) and a phone (390×844): no finding
at all — none critical or serious (the issue's bar), and none moderate or minor either, since the
last of those were fixed too. Each page's findings are written to test-artifacts/axe/ and a
screenshot of it at each size to test-artifacts/, to be looked at."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support import PAGE_KINDS, ROOT

AXE = Path(os.environ.get("PORTAL_AXE") or ROOT / ".venv/axe-core-4.14.1.min.js")
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def axe_findings(page) -> list[dict]:
    """Run axe-core in the page (through DevTools, so the page's own policy stays as it is)."""
    if not AXE.is_file():
        pytest.fail(f"没有找到 axe-core（{AXE}）：请用 `bash scripts/dev.sh test` 运行测试，它会下载一次。")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async () => (await axe.run(document)).violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + n.failureSummary)}))""")


def assert_nothing_found(page, artifacts_dir: Path, name: str, full_page: bool = True) -> None:
    # Colours are measured as they are at rest: the search panel fades in, and axe once measured a
    # chip at 95 % opacity (4.48:1) where it ends at 6.6:1.
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter(animation => animation.effect && animation.effect.getComputedTiming().endTime !== Infinity)
        .map(animation => animation.finished.catch(() => null)))""")
    findings = axe_findings(page)
    (artifacts_dir / "axe").mkdir(exist_ok=True)
    (artifacts_dir / "axe" / f"{name}.json").write_text(
        json.dumps(findings, ensure_ascii=False, indent=1), encoding="utf-8")
    page.screenshot(path=artifacts_dir / f"a11y-{name}.png", full_page=full_page)
    assert findings == []


@pytest.fixture(params=SIZES, scope="module")
def sized(request, browser):
    context = browser.new_context(viewport=SIZES[request.param], locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield request.param, page
    context.close()


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_nothing(sized, site_url, artifacts_dir, kind):
    size, page = sized
    page.goto(site_url + PAGE_KINDS[kind], wait_until="networkidle")
    assert_nothing_found(page, artifacts_dir, f"{kind}-{size}")


def test_axe_finds_nothing_in_search_results(sized, site_url, artifacts_dir):
    size, page = sized
    page.goto(site_url + "/", wait_until="networkidle")
    if size == "phone":
        page.locator("label.md-header__button[for='__search']").click()
    page.locator(".md-search__input").click()
    page.keyboard.type("食品安全")
    page.locator(".portal-search__snippet mark").first.wait_for()
    assert_nothing_found(page, artifacts_dir, f"search-{size}", full_page=False)


def test_axe_finds_nothing_on_the_kiosk(sized, site_url, artifacts_dir):
    size, page = sized
    page.goto(site_url + "/kiosk/", wait_until="networkidle")
    page.locator(".kiosk-slide:not(.kiosk-slide--probe):not(.kiosk-slide--waiting)").first.wait_for()
    assert_nothing_found(page, artifacts_dir, f"kiosk-{size}", full_page=False)
