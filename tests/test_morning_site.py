"""晨学三分钟 in the real built site: item pages, archive pages, index.json, nav."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from support import PageLinks as parse
from support import read_page as read

ITEM = "/morning/2026/2026-11-11/"


def test_item_page_shows_date_topic_tags_source_reading_time(site_dir):
    html = read(site_dir, ITEM)
    facts = unquote(re.search(r'<div class="morning-facts"[^>]*>(.*?)</div>', html, re.S).group(1))
    assert "2026年11月11日 星期三" in facts
    assert 'href="../../topics/市场监管业务/">市场监管业务</a>' in facts
    assert "阅读约 2 分钟" in facts
    assert '<span class="morning-tag">网络消费</span>' in facts
    assert "出处：《中华人民共和国消费者权益保护法》" in html
    assert "<title>网购退货的“七日无理由” - 市场监管局党建学习门户</title>" in html


def test_item_page_links_previous_next_and_its_month(site_dir):
    links = parse(read(site_dir, ITEM)).urls
    assert "../2026-11-09/" in links and "../2026-11-13/" in links
    assert "../../archive/2026/11/" in links
    # The first item of the archive has no 上一条, the last no 下一条; each says the other.
    first, last = (_pager(read(site_dir, f"/morning/{path}/")) for path in ("2026/2026-09-01", _last_item(site_dir)))
    assert "上一条" not in first and 'class="morning-next" href="../2026-09-02/"' in first
    assert "下一条" not in last and 'class="morning-previous"' in last


def _pager(html: str) -> str:
    return re.search(r'<nav class="morning-pager".*?</nav>', html, re.S).group(0)


def _last_item(site_dir: Path) -> str:
    newest = max((site_dir / "morning").glob("20*/20*-*-*/"))
    return f"{newest.parent.name}/{newest.name}"


def test_question_answer_is_hidden_until_asked_for(site_dir):
    html = read(site_dir, ITEM)
    question = re.search(r'<div class="admonition question morning-question">.*?</details>', html, re.S).group(0)
    assert "消费者一般有权在收到商品之日起多少日内无理由退货" in question
    assert "<strong>B</strong>　七日" in question
    assert '<span class="morning-letter">D</span>三十日' in question
    details = re.search(r"<details[^>]*>", question).group(0)
    assert "open" not in details
    assert question.index("<summary>") < question.index("正确答案")


def test_landing_page_today_latest_topics_and_archive(site_dir):
    html = read(site_dir, "/morning/")
    assert 'id="morning-today"' in html
    links = parse(html).urls
    for topic in ("政治理论", "党规党纪", "党史学习", "廉政教育", "食品药品安全", "扫黑除恶", "市场监管业务"):
        assert f"topics/{topic}/" in links, topic
    for month in ("2026/09", "2026/10", "2026/11", "2026/12"):
        assert f"archive/{month}/" in links
    assert "2026/2026-11-27/" in links


def test_month_and_topic_pages_are_generated(site_dir):
    november = read(site_dir, "/morning/archive/2026/11/")
    assert november.count("<tr>") - 1 == len(list((site_dir / "morning/2026").glob("2026-11-*")))
    topic = read(site_dir, "/morning/topics/扫黑除恶/")
    assert "看穿“套路贷”的套路" in topic and "年末岁尾" not in topic
    assert (site_dir / "morning/topics/扫黑除恶/2026/index.html").is_file()
    assert not (site_dir / "docs").exists()


def test_index_json_contract(site_dir):
    data = json.loads((site_dir / "morning/index.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", data["generated"])
    items = data["items"]
    assert len(items) >= 30
    assert [item["date"] for item in items] == sorted(item["date"] for item in items)
    for item in items:
        assert set(item) <= {"date", "title", "topic", "tags", "summary", "url", "question"}
        assert {"date", "title", "topic", "tags", "summary", "url"} <= set(item)
        page = site_dir / item["url"].strip("/") / "index.html"
        assert page.is_file(), item["url"]
        for text in [item["title"], item["summary"], *item["tags"]]:
            assert not re.search(r"<[A-Za-z/]", text), text  # plain text, no HTML
        if "question" in item:
            question = item["question"]
            assert 2 <= len(question["options"]) <= 6
            assert question["answer"] in "ABCDEF"[: len(question["options"])]
    assert sum("question" in item for item in items) >= 10
    assert len({item["topic"] for item in items}) == 7


def test_items_stay_out_of_the_nav_and_the_tag_index(site_dir):
    home = read(site_dir, "/")
    assert "2026-11-11" not in home
    item = read(site_dir, ITEM)
    chapter = read(site_dir, "/manuals/integrity/01-discipline-rules/")
    # An item page weighs what any page weighs: the nav does not list the archive.
    assert len(item) < len(chapter) * 1.5
    assert "morning/2026/" not in read(site_dir, "/tags/")


SAMPLE_ITEMS = sorted(p.name for p in (Path(__file__).parent.parent / "docs/morning/2026").glob("*.md"))


@pytest.mark.parametrize("name", SAMPLE_ITEMS)
def test_every_sample_item_is_built(site_dir, name):
    assert (site_dir / "morning/2026" / name.removesuffix(".md") / "index.html").is_file()
