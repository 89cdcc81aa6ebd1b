"""The portal's search in headless Chromium: what staff type and what they get."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yml").read_text(encoding="utf-8"))


def results(page) -> list[dict]:
    return page.locator(".md-search-result__item").evaluate_all("""items => items.map(item => ({
        path: decodeURIComponent(new URL(item.querySelector('a').href).pathname),
        title: item.querySelector('h1').textContent,
        marks: Array.from(item.querySelectorAll('mark')).map(m => m.textContent),
        section: item.querySelector('.portal-search__badge').textContent,
        date: (item.querySelector('.portal-search__date') || {}).textContent || null,
        snippet: item.querySelector('.portal-search__snippet').textContent,
    }))""")


def ask(page, query: str) -> list[dict]:
    box = page.locator(".md-search__input")
    box.click()
    box.fill(query)
    page.wait_for_function(
        "q => document.querySelector('.md-search__input').value === q && "
        "!/键入|正在/.test(document.querySelector('.md-search-result__meta').textContent)", arg=query)
    page.wait_for_function("() => performance.getEntriesByName('portal-search').length > 0")
    return results(page)


def test_nothing_of_the_index_loads_with_a_page(browser, site_url):
    context = browser.new_context()
    requests = []
    context.on("request", lambda request: requests.append(urlparse(request.url).path))
    page = context.new_page()
    page.goto(site_url + "/morning/2026/2026-11-27/", wait_until="networkidle")
    assert not [path for path in requests if path.startswith("/search/")]
    page.locator(".md-search__input").click()
    page.keyboard.type("晨学")
    page.locator(".md-search-result__item").first.wait_for()
    fetched = [path for path in requests if path.startswith("/search/")]
    assert "/search/manifest.json" in fetched and any(path.startswith("/search/t/") for path in fetched)
    context.close()


def test_a_query_typed_the_moment_the_page_loads(page, site_url):
    page.goto(site_url + "/manuals/", wait_until="commit")
    page.locator(".md-search__input").wait_for()
    page.locator(".md-search__input").click()
    page.keyboard.type("扫黑除恶")
    page.locator(".md-search-result__item").first.wait_for()
    assert results(page)[0]["path"].startswith("/manuals/anti-crime/")


def test_words_are_found_inside_longer_words(page, site_url):
    page.goto(site_url + "/", wait_until="networkidle")
    found = ask(page, "安全")
    assert any(hit["path"].startswith("/manuals/food-drug-safety/") for hit in found[:3])
    assert any("食品安全" in hit["title"] for hit in found[:3])


def test_results_show_section_date_and_highlighted_snippet(page, site_url, artifacts_dir):
    page.goto(site_url + "/", wait_until="networkidle")
    found = ask(page, "套路贷")
    first = found[0]
    assert first["path"] == "/morning/2026/2026-10-13/"
    assert first["section"] == "晨学" and first["date"] == "2026年10月13日"
    assert "套路贷" in first["marks"]
    page.locator(".portal-search__snippet mark").first.wait_for()
    snippet = results(page)[0]["snippet"]
    assert "套路贷" in snippet and len(snippet) <= 120
    manual = next(hit for hit in ask(page, "保护伞") if hit["path"].startswith("/manuals/"))
    assert manual["section"] == "手册" and manual["date"] is None
    page.screenshot(path=artifacts_dir / "search-results.png")


def test_results_can_be_narrowed_to_one_section(page, site_url):
    page.goto(site_url + "/", wait_until="networkidle")
    everything = ask(page, "食品安全")
    assert {hit["section"] for hit in everything} >= {"手册", "党课", "晨学"}
    page.locator(".portal-search__section", has_text="党课").click()
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length < %d" % len(everything))
    narrowed = results(page)
    assert narrowed and {hit["section"] for hit in narrowed} == {"党课"}
    assert narrowed[0]["path"] == "/lectures/2026-09-18-food-safety-ledger/"
    page.locator(".portal-search__section", has_text="全部").click()
    page.wait_for_function("n => document.querySelectorAll('.md-search-result__item').length === n",
                           arg=len(everything))


def test_keys_slash_arrows_enter_and_escape(page, site_url):
    page.goto(site_url + "/lectures/", wait_until="networkidle")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.type("遵义会议")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("s")
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("Enter")
    page.wait_for_url("**/morning/2026/2026-09-14/")


def test_benchmark_queries_find_their_page_in_the_first_three(page, site_url):
    page.goto(site_url + "/", wait_until="networkidle")
    misses = []
    for case in QUERIES:
        paths = [unquote(hit["path"]) for hit in ask(page, case["query"])[:3]]
        if not any(path.startswith("/" + case["expected"]) for path in paths):
            misses.append((case["query"], paths))
    assert len(QUERIES) >= 20
    assert len(misses) <= len(QUERIES) - 18, misses


def test_results_mark_whole_words_never_fragments_of_them(page, site_url):
    """食品安全 searched: 食品药品安全 shows 食品 and 安全 marked, never the index's pair 品安."""
    page.goto(site_url + "/")
    found = ask(page, "食品安全")
    page.locator(".portal-search__snippet mark").first.wait_for()
    found = results(page)
    marks = [mark for hit in found for mark in hit["marks"]]
    assert marks and set(marks) <= {"食品安全", "食品", "安全"}, set(marks)
    titled = next(hit for hit in found if "食品药品安全" in hit["title"])
    assert titled["marks"][:2] == ["食品", "安全"]
