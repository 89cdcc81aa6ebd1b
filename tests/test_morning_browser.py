"""晨学三分钟 in headless Chromium: today's item picked in the browser, the answer on request."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("utc_time", "label", "title"),
    [
        # 07:30 in Shanghai on 27 November is still 26 November in UTC.
        ("2026-11-26T23:30:00Z", "今日晨学", "年末岁尾，守好廉洁关口"),
        # Saturday 28 November has no item: the most recent earlier one is shown.
        ("2026-11-28T02:00:00Z", "最近一期", "年末岁尾，守好廉洁关口"),
        ("2026-12-01T01:00:00Z", "今日晨学", "冬季谨防一氧化碳和食物中毒"),
    ],
)
def test_landing_page_shows_todays_item_in_shanghai(page, site_url, artifacts_dir, utc_time, label, title):
    page.clock.set_fixed_time(utc_time)
    page.goto(site_url + "/morning/", wait_until="networkidle")
    card = page.locator("#morning-today")
    card.locator(".morning-today__label", has_text=label).wait_for()
    assert card.locator(".morning-today__title").inner_text() == title
    if utc_time.startswith("2026-11-26"):
        page.screenshot(path=artifacts_dir / "morning-landing.png", full_page=True)
    card.locator(".morning-today__more").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title


def test_answer_is_hidden_until_asked_for(page, site_url, artifacts_dir):
    page.goto(site_url + "/morning/2026/2026-11-11/", wait_until="networkidle")
    answer = page.get_by_text("正确答案：")
    assert not answer.is_visible()
    page.get_by_text("想好了吗？点这里看答案").click()
    answer.wait_for(state="visible")
    assert "七日" in answer.inner_text()
    page.screenshot(path=artifacts_dir / "morning-item.png", full_page=True)


def test_previous_and_next_walk_the_archive(page, site_url):
    page.goto(site_url + "/morning/2026/2026-11-11/", wait_until="networkidle")
    page.locator("a.morning-next").click()
    page.wait_for_url("**/morning/2026/2026-11-13/")
    page.locator("a.morning-previous").click()
    page.wait_for_url("**/morning/2026/2026-11-11/")
