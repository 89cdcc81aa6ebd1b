"""The tag index as Chinese readers expect it: tags by pinyin, pages under each by pinyin, and
each tag a heading that reads as one."""

from __future__ import annotations

import re

from portal_core.chinese_order import pinyin_key


def test_pinyin_order_of_words():
    words = ["廉政", "党建", "扫黑除恶", "食品安全", "主题党日", "安全"]
    assert sorted(words, key=pinyin_key) == ["安全", "党建", "廉政", "扫黑除恶", "食品安全", "主题党日"]


def test_tags_and_their_pages_are_listed_by_pinyin(site_dir):
    html = (site_dir / "tags/index.html").read_text(encoding="utf-8")
    tags = re.findall(r'<h2 id="tag:[^"]*">\s*<span class="md-tag">(.*?)</span>', html)
    assert len(tags) > 10
    assert tags == sorted(tags, key=pinyin_key)
    assert tags.index("党建") < tags.index("廉政教育") < tags.index("食品安全")  # dǎng, lián, shí
    for section in re.split(r'<h2 id="tag:', html)[1:]:
        titles = [t.strip() for t in re.findall(r"<li>\s*<a [^>]*>\s*(.*?)\s*</a>", section.split("</ul>")[0])]
        assert titles == sorted(titles, key=lambda t: pinyin_key(t.replace("&ldquo;", "“"))), titles


def test_tag_headings_are_larger_than_the_pages_under_them(page, site_url):
    page.goto(site_url + "/tags/")
    heading = page.locator('h2[id^="tag:"] .md-tag').first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    entry = page.locator('h2[id^="tag:"] + ul a').first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert heading > entry, (heading, entry)
