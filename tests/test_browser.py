"""Headless Chromium against the built site on 127.0.0.1: search and the offline rule."""

from __future__ import annotations

from urllib.parse import unquote, urlparse

import pytest


def wait_for_search_ready(page) -> None:
    # Material's search ignores keys typed while its worker is still loading the index
    # (the meta line reads "正在初始化搜索引擎" until then).
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim() === '键入以开始搜索'"
    )


def type_chinese(page, text: str) -> None:
    """Type as a person with a Chinese input method does.

    The IME inserts the characters, then the key that confirms the choice is
    released: Material's search reads the box on that keyup. Playwright's
    insertText has no keyup, so "End" (which keeps the text) plays that key.
    """
    page.keyboard.type(text)
    page.keyboard.press("End")


def search_here(page, query: str) -> None:
    """Type a query into the search box of the page shown, and wait for its first result."""
    page.locator(".md-search__input").click()
    type_chinese(page, query)
    page.locator(".md-search-result__item").first.wait_for(state="visible")


def search(page, site_url: str, query: str) -> list[str]:
    """Type a query into Material's search box; the paths of the results shown, in order."""
    page.goto(site_url + "/", wait_until="networkidle")
    wait_for_search_ready(page)
    search_here(page, query)
    hrefs = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(link => link.href)"
    )
    return [unquote(urlparse(href).path) for href in hrefs]


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


PAGES = {
    "home": "/",
    "manuals": "/manuals/",
    "chapter-party-building": "/manuals/party-building/02-fulcrum-method/",
    "chapter-anti-crime": "/manuals/anti-crime/02-market-clues/",
    "chapter-food-drug-safety": "/manuals/food-drug-safety/01-food-safety-duty/",
    "chapter-integrity": "/manuals/integrity/03-warning-education/",
    "lectures": "/lectures/",
    "lecture": "/lectures/2026-06-26-fulcrum-method/",
    "activities": "/activities/",
    "activity": "/activities/2026-06-28-red-journey/",
    "archive": "/activities/archive/2026/06/",
    "branch": "/activities/category/机关党支部/",
    "morning": "/morning/",
    "tags": "/tags/",
    "guide": "/guide/",
}


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_portal_host(browser, site_url, artifacts_dir, name):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(site_url + PAGES[name], wait_until="networkidle")
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
