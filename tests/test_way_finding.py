"""Way-finding: every page lights its part's tab and has a way back to its list; the footer's
previous/next lead only to the previous/next page of the same part of the site."""

from __future__ import annotations

import re

import pytest


def read(site_dir, path: str) -> str:
    return (site_dir / path.strip("/") / "index.html").read_text(encoding="utf-8")


def active_tabs(html: str) -> list[str]:
    return [re.sub(r"\s+", "", text) for text in
            re.findall(r'md-tabs__item--active">\s*<a[^>]*>\s*(.*?)\s*</a>', html, re.S)]


def footer(html: str) -> list[str]:
    return re.findall(r'md-footer__link--(?:prev|next)"[^>]*aria-label="([^"]*)"', html)


@pytest.mark.parametrize("path, tab, back", [
    ("/lectures/2026-11-13-integrity-small-things/", "党课讲稿", ("../", "‹ 全部党课讲稿")),
    ("/morning/2026/2026-11-27/", "晨学三分钟", ("../../", "‹ 晨学三分钟")),
    ("/activities/2026-06-28-red-journey/", "支部活动", ("../", "‹ 全部活动报道")),
])
def test_pages_outside_the_nav_light_their_tab_and_lead_back(site_dir, path, tab, back):
    html = read(site_dir, path)
    assert active_tabs(html) == [tab]
    href, words = back
    assert re.search(rf'<a [^>]*href="{re.escape(href)}"[^>]*>{re.escape(words)}</a>', html), words


def test_every_page_lights_one_tab_at_most(site_dir):
    lit = {str(p.relative_to(site_dir)): active_tabs(p.read_text(encoding="utf-8"))
           for p in site_dir.rglob("index.html") if "kiosk" not in str(p)}
    assert not {page: tabs for page, tabs in lit.items() if len(tabs) > 1}
    assert sum(1 for tabs in lit.values() if not tabs) <= 1  # the kiosk aside, only the home page may light none


def test_footer_links_stay_within_their_part_of_the_site(site_dir):
    assert footer(read(site_dir, "/morning/")) == []  # was 上一页 2026年1月, 下一页 标签
    assert footer(read(site_dir, "/activities/")) == []  # was 下一页 个私协会党支部
    assert not any("2026年" in label for label in footer(read(site_dir, "/tags/")))
    chapter = footer(read(site_dir, "/manuals/integrity/02-law-enforcement-integrity/"))
    assert chapter == ["上一页: 纪律和规矩", "下一页: 警示教育"]
    assert footer(read(site_dir, "/manuals/integrity/03-warning-education/")) == ["上一页: 执法廉洁"]


def test_activity_lists_show_each_report_once_without_its_facts_line(site_dir):
    """The facts line is for the report's own page: the lists show date and branch in their own header."""
    for path in ("/activities/", "/activities/archive/2026/06/", "/activities/category/机关党支部/"):
        html = read(site_dir, path)
        assert "全部活动报道" not in html and "portal-facts" not in html, path


def test_a_chapter_says_where_it_is_and_leads_up_to_its_manual(site_dir):
    """On a phone the sidebar is behind the menu: the breadcrumbs above the title are the way back."""
    html = read(site_dir, "/manuals/party-building/03-branch-life/")
    trail = re.search(r'<nav class="md-path" aria-label="当前位置"[^>]*>(.*?)</nav>', html, re.S)
    assert trail, "no breadcrumbs"
    links = [(href, re.sub(r"<[^>]+>|\s+", "", text)) for href, text in
             re.findall(r'<a href="([^"]*)" class="md-path__link">(.*?)</a>', trail.group(1), re.S)]
    assert links == [("../../..", "首页"), ("../../", "知识手册"), ("../", "党建知识")]
