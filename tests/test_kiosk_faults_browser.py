"""The corridor screen when the server answers badly: missing, broken or odd files never leave it
saying "正在载入" forever, never show an error page as the day's text, never reload for nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support import LANDSCAPE, ROOT, SiteServer, advance, current, free_port

pytestmark = pytest.mark.browser

MORNING = "2026-11-27T08:00:00+08:00"  # a Friday with an item and a question
TITLE = "年末岁尾，守好廉洁关口"
ERROR_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"


def open_kiosk(browser, url: str, routes: dict, query: str = "?interval=5&poll=5"):
    """The kiosk with some of its fetches answered by `routes` ({glob: (status, body)}) from the start."""
    context = browser.new_context(viewport=LANDSCAPE, timezone_id="Asia/Shanghai", locale="zh-CN")
    for pattern, (status, body) in routes.items():
        context.route(pattern, lambda route, *_, status=status, body=body: route.fulfill(status=status, body=body))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.clock.install(time=MORNING)
    loads = []
    page.on("load", lambda: loads.append(page.url))
    page.goto(f"{url}/kiosk/{query}", wait_until="networkidle")
    page.locator(".kiosk-slide:not(.kiosk-slide--probe):not(.kiosk-slide--waiting)").first.wait_for()
    return context, page, loads


def labels_over(page, seconds: int) -> list[dict]:
    seen = [current(page)]
    for _ in range(seconds // 5):
        advance(page, 5)
        seen.append(current(page))
    return seen


def test_activities_missing_still_shows_todays_item(browser, site_url):
    context, page, _ = open_kiosk(browser, site_url, {"**/kiosk/data.json": (404, "Not Found")})
    assert current(page)["label"] == "今日晨学" and current(page)["title"] == TITLE
    context.close()


@pytest.mark.parametrize("answer", [
    (500, "Internal Server Error"),
    (200, ERROR_PAGE),  # not JSON at all
    (200, '{"items": "坏了"}'),  # JSON of the wrong shape
    (200, "[]"),
])
def test_a_broken_morning_index_gives_a_calm_placeholder_and_the_other_slides(browser, site_url, answer):
    context, page, _ = open_kiosk(browser, site_url, {"**/morning/index.json": answer})
    seen = labels_over(page, 30)
    assert seen[0]["label"] == "晨学三分钟" and seen[0]["title"] == "每天三分钟，学习不间断"
    assert "支部活动" in [slide["label"] for slide in seen]
    assert "正在载入" not in page.locator("body").inner_text()
    context.close()


def test_nothing_loads_then_the_server_returns(browser, own_site):
    context = browser.new_context(viewport=LANDSCAPE, timezone_id="Asia/Shanghai", locale="zh-CN")
    broken = {"on": True}

    def answer(route):
        if broken["on"]:
            route.fulfill(status=503, body="Service Unavailable")
        else:
            route.continue_()

    context.route("**/*.json", answer)
    page = context.new_page()
    page.clock.install(time=MORNING)
    page.goto(f"{own_site.url}/kiosk/?interval=5&poll=5", wait_until="networkidle")
    page.locator(".kiosk-slide:not(.kiosk-slide--waiting)").first.wait_for()
    assert current(page)["title"] == "每天三分钟，学习不间断"
    assert "暂时连不上服务器" in page.locator("#kiosk-status").inner_text()
    broken["on"] = False
    page.evaluate("window.__sameDocument = true")
    seen = labels_over(page, 10)
    assert any(slide["title"] == TITLE for slide in seen), seen
    assert page.evaluate("window.__sameDocument") is True  # recovered without a reload
    assert page.locator("#kiosk-status").inner_text() == ""
    context.close()


def test_later_failures_keep_the_last_good_content(browser, own_site):
    context, page, loads = open_kiosk(browser, own_site.url, {})
    assert current(page)["title"] == TITLE
    context.route("**/*.json", lambda route: route.fulfill(status=200, body=ERROR_PAGE))
    seen = labels_over(page, 40)  # through a whole cycle and its reload of the data
    assert TITLE in [slide["title"] for slide in seen]
    assert "支部活动" in [slide["label"] for slide in seen]
    assert len(loads) == 1
    context.close()


@pytest.mark.parametrize("stamp", [ERROR_PAGE, "{}", '{"build": ""}', '{"build": 42}', "null"])
def test_a_malformed_build_stamp_never_reloads_nor_claims_the_server_is_away(browser, site_url, stamp):
    context, page, loads = open_kiosk(browser, site_url, {"**/kiosk/build.json": (200, stamp)})
    page.evaluate("window.__sameDocument = true")
    labels_over(page, 30)  # six polls
    assert page.evaluate("window.__sameDocument") is True and len(loads) == 1
    assert page.locator("#kiosk-status").inner_text() == ""
    context.close()


def test_an_error_page_is_never_shown_as_the_days_text(browser, site_url, site_dir):
    context, page, _ = open_kiosk(browser, site_url,
                                  {"**/morning/2026/2026-11-27/": (200, ERROR_PAGE)}, query="?slides=morning")
    text = page.locator(".kiosk-slide:not(.kiosk-slide--probe)").inner_text()
    index = json.loads((site_dir / "morning/index.json").read_text(encoding="utf-8"))
    summary = next(item["summary"] for item in index["items"] if item["date"] == "2026-11-27")
    assert current(page)["title"] == TITLE
    assert "502" not in text and "Bad Gateway" not in text
    assert summary[:20] in text.replace("\n", "")  # the summary stands in for the text
    context.close()


# --- the screen's PC starts before the server ----------------------------------------------

def test_the_launcher_waits_for_the_server_before_opening_the_browser(site_dir, tmp_path):
    port = free_port()
    started = tmp_path / "browser-started"
    launcher = subprocess.Popen(
        ["bash", str(ROOT / "scripts/deploy/kiosk/start-kiosk.sh"), f"http://127.0.0.1:{port}/kiosk/"],
        env={**os.environ, "KIOSK_BROWSER": f"touch {started}", "KIOSK_WAIT_SECONDS": "1", "KIOSK_ONCE": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        tries = 0
        for line in launcher.stdout:  # two tries a second apart, the server still down
            tries += "连不上" in line
            if tries == 2:
                break
        assert tries == 2 and not started.exists()  # the server is not up: no browser, so no error page on the screen
        site = tmp_path / "site"
        shutil.copytree(site_dir, site)
        server = SiteServer(site, port=port)
        try:
            launcher.wait(timeout=30)
        finally:
            server.stop()
    finally:
        launcher.kill()
    assert started.exists(), launcher.stdout.read()
    assert launcher.returncode == 0
    assert Path(started).is_file()
