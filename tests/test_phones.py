"""On a phone (390×844) nothing is wider than the screen, and lists read as cards: the lecture
list's titles on their own line above date, speaker, branch and kind; 晨学 dates never broken."""

from __future__ import annotations

import pytest
from support import PAGE_KINDS

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_nothing_is_wider_than_the_phone(phone, site_url, kind):
    phone.goto(site_url + PAGE_KINDS[kind])
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]


def test_the_lecture_list_becomes_cards(phone, site_url, artifacts_dir):
    phone.goto(site_url + "/lectures/")
    row = phone.locator(".portal-lecture-list tr").nth(1)
    title, date, kind = (row.locator("td").nth(n).bounding_box() for n in (1, 0, 4))
    assert title["y"] < date["y"]  # the title first, on its own line
    assert title["x"] + title["width"] <= PHONE["width"] and kind["x"] + kind["width"] <= PHONE["width"]
    phone.screenshot(path=artifacts_dir / "phone-lectures.png")


def test_morning_dates_stay_on_one_line(phone, site_url):
    phone.goto(site_url + "/morning/archive/2026/11/")
    cell = phone.locator(".morning-list td").first
    height = cell.evaluate("e => e.getBoundingClientRect().height")
    line = cell.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert height < line * 1.5, (height, line)  # 11月27日 星期五 on one line


def test_an_activity_report_says_when_and_which_branch_before_its_text(phone, site_url):
    """Dates and branches where readers look first: under the title, not under 元数据 at the bottom."""
    phone.goto(site_url + "/activities/2026-06-28-red-journey/")
    facts = phone.locator(".portal-facts")
    assert "2026年6月28日" in facts.inner_text() and "机关党支部" in facts.inner_text()
    first_paragraph = phone.locator("article > p").first.bounding_box()
    assert facts.bounding_box()["y"] < first_paragraph["y"]
    assert facts.bounding_box()["y"] < PHONE["height"]  # on the first screen
    assert not phone.get_by_text("元数据").is_visible()
