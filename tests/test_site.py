"""The real site, built into a temp dir: what staff see on each kind of page."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from support import PageLinks as parse
from support import read_page as read

MANUALS = {
    "party-building": "党建知识",
    "anti-crime": "扫黑除恶",
    "food-drug-safety": "食品药品安全",
    "integrity": "廉政",
}


def test_every_page_is_chinese(site_dir):
    for html_file in site_dir.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert re.search(r'<html[^>]+lang="zh"', html), html_file
        assert "市场监管局党建学习门户" in html, html_file


@pytest.mark.parametrize("url", ["/", "/manuals/", "/lectures/", "/activities/", "/morning/", "/tags/", "/guide/"])
def test_section_pages_exist(site_dir, url):
    assert (site_dir / url.strip("/") / "index.html").is_file()


def test_home_links_every_section_latest_activities_and_morning(site_dir):
    home = read(site_dir, "/")
    links = parse(home).urls
    for section in ("manuals/", "lectures/", "activities/", "morning/"):
        assert section in links, section
    # The three newest activity reports, with their photos.
    assert "activities/2026-09-24-honest-business-pledge/" in links
    assert "activities/2026-07-17-party-history-songs/" in links
    assert "activities/2026-06-28-red-journey/" in links
    assert "activities/2026-01-08-new-year-veterans/" not in links
    assert "activities/images/2026-09-24-honest-business-pledge.jpg" in links


@pytest.mark.parametrize("slug", MANUALS)
def test_each_manual_has_at_least_three_chapters(site_dir, slug):
    index = read(site_dir, f"/manuals/{slug}/")
    assert MANUALS[slug] in index
    chapters = [p for p in (site_dir / "manuals" / slug).iterdir() if (p / "index.html").is_file()]
    assert len(chapters) >= 3, chapters
    for chapter in chapters:
        assert f"{chapter.name}/" in index, f"manual index does not link {chapter.name}"


def test_lectures_list_speaker_date_and_branch(site_dir):
    index = read(site_dir, "/lectures/")
    lectures = sorted(p.name for p in (site_dir / "lectures").iterdir() if p.is_dir())
    assert len(lectures) >= 4
    for name in lectures:
        assert f"{name}/" in index
    assert "第一市场监管所党支部书记" in index and "2026-06-26" in index and "书记讲党课" in index
    # Newest first.
    assert index.index("2026-11-13") < index.index("2026-03-27")


def test_lecture_page_shows_its_facts(site_dir):
    html = read(site_dir, "/lectures/2026-09-18-food-safety-ledger/")
    facts = re.search(r'<div class="portal-facts">(.*?)</div>', html, re.S).group(1)
    for fact in ("第二市场监管所青年党员", "2026年9月18日", "第二市场监管所党支部", "微党课"):
        assert fact in facts


def test_activity_reports_have_photos_that_exist(site_dir):
    reports = [p for p in (site_dir / "activities").iterdir() if re.match(r"\d{4}-\d{2}-\d{2}-", p.name)]
    assert len(reports) >= 6
    for report in reports:
        html = (report / "index.html").read_text(encoding="utf-8")
        photos = [u for u in parse(html).urls if u.endswith(".jpg")]
        assert photos, report.name
        for photo in photos:
            assert (report / photo).resolve().is_file(), photo


def test_activities_archive_by_month_and_by_branch(site_dir):
    assert (site_dir / "activities/archive/2026/06/index.html").is_file()
    june = read(site_dir, "/activities/archive/2026/06/")
    assert "红色行" in june and "诚信经营" not in june
    branch = read(site_dir, "/activities/category/机关党支部/")
    assert "政治生日" in branch and "红色行" in branch and "讲党史" not in branch


def test_tag_index_spans_sections(site_dir):
    tags = read(site_dir, "/tags/")
    food = re.search(r'<h2 id="tag:食品安全".*?</ul>', tags, re.S).group(0)
    assert "manuals/food-drug-safety/" in food
    assert "lectures/2026-09-18-food-safety-ledger/" in food
    assert "activities/2026-03-05-community-lei-feng/" in food


def test_heading_anchors_keep_chinese(site_dir):
    html = read(site_dir, "/manuals/party-building/01-three-strong-nine-strict/")
    ids = parse(html).ids
    assert "三强九严的基本要求" in ids
    assert "年初建责年中督责年末评责" in ids
    assert not [i for i in ids if re.fullmatch(r"_\d+", i)]


OUTSIDE = re.compile(r"""(?:src|href)=["']?(?:https?:)?//(?!127\.0\.0\.1)""")
CSS_OUTSIDE = re.compile(r"""url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""")


def test_no_page_or_stylesheet_loads_anything_from_outside(site_dir):
    """Links to outside pages are allowed (none exist today); loaded resources are not."""
    for html_file in site_dir.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            assert not OUTSIDE.search(tag), f"{html_file}: {tag}"
    for css in site_dir.rglob("*.css"):
        assert not CSS_OUTSIDE.search(css.read_text(encoding="utf-8")), css


def test_the_not_found_page_offers_every_tab_from_the_sites_root(site_dir):
    html = read(site_dir, "/404.html")
    offered = re.search(r"<h1>没有找到这个页面</h1>.*?</ul>", html, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', offered)
    tabs = ["门户首页", "知识手册", "党课讲稿", "支部活动", "晨学三分钟", "标签", "编辑指南"]
    assert [name for _, name in links] == tabs
    for href, name in links:
        assert href.startswith("/"), (name, href)  # right at any depth nginx serves the page
        target = site_dir / unquote(href).lstrip("/")
        assert (target / "index.html").is_file() or target.is_file(), (name, href)
