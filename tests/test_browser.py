"""Headless Chromium against the built site on 127.0.0.1: search and the offline rule."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from support import PAGE_KINDS, search, type_chinese, wait_for_search_ready


@pytest.mark.parametrize(
    ("query", "expected_section"),
    [
        ("食品安全", "/manuals/food-drug-safety/"),
        ("扫黑除恶", "/manuals/anti-crime/"),
        ("廉政", "/manuals/integrity/"),
    ],
)
def test_chinese_query_finds_its_manual_in_the_first_three(page, site_url, artifacts_dir, query, expected_section):
    paths = search(page, site_url, query)
    page.wait_for_timeout(500)  # let the results finish fading in for the screenshot
    page.screenshot(path=artifacts_dir / f"search-{query}.png")
    assert any(path.startswith(expected_section) for path in paths[:3]), paths[:5]


def test_word_inside_a_sentence_is_found(page, site_url):
    # "打伞破网" sits inside a sentence of the anti-crime manual only.
    paths = search(page, site_url, "保护伞")
    assert any(path.startswith("/manuals/anti-crime/") for path in paths[:3]), paths[:5]


@pytest.mark.parametrize("name", PAGE_KINDS)
def test_no_request_leaves_the_portal_host(browser, site_url, artifacts_dir, name):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(site_url + PAGE_KINDS[name], wait_until="networkidle")
    wait_for_search_ready(page)
    # Searching loads the worker and the index: those must stay on the host too.
    page.locator(".md-search__input").click()
    type_chinese(page, "党建")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    page.keyboard.press("Escape")
    page.screenshot(path=artifacts_dir / f"page-{name}.png", full_page=True)
    context.close()
    host = urlparse(site_url).netloc
    outside = [url for url in requests if urlparse(url).scheme not in ("data", "blob") and urlparse(url).netloc != host]
    assert len(requests) > 3, requests  # the page, its CSS, its scripts really loaded
    assert outside == []
