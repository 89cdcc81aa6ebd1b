"""Golden tests of what the indexer generates: the pages' Markdown and index.json.

Regenerate after an intended change with PORTAL_UPDATE_GOLDEN=1, then read the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import markdown
import pytest
from portal_core import morning_pages
from portal_core.morning import MorningArchive, MorningItem, Question

GOLDEN = Path(__file__).parent / "golden"
TOPICS = ("政治理论", "党规党纪", "廉政教育")


def make_item(day: str, title: str, topic: str, **extra) -> MorningItem:
    date = dt.date.fromisoformat(day)
    fields = {"tags": (), "source": "", "summary": f"{title}的摘要。", "question": None,
              "han_count": 620, "latin_words": 0}
    fields.update(extra)
    return MorningItem(src=f"morning/{date.year}/{day}.md", date=date, title=title, topic=topic, **fields)


ARCHIVE = MorningArchive(
    [
        make_item("2026-10-30", "十月的最后一条", "政治理论"),
        make_item("2026-11-02", "党章里的*八项*义务 [第一讲]", "党规党纪", tags=("党章", "义务|权利"),
                  source="《中国共产党章程》",
                  question=Question("党员义务有几项？", ("六项", "八项", "十项"), "B", "党章第三条规定了八项义务。")),
        make_item("2026-11-03", "廉洁从小节守起", "廉政教育", han_count=1000),
        make_item("2026-12-01", "下个月的计划", "政治理论"),
    ],
    TOPICS,
)


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PORTAL_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


LINKS = morning_pages.ItemLinks(topic="../../topics/党规党纪/", month="../../archive/2026/11/",
                                previous="../2026-10-30/", following="../2026-11-03/")


def test_item_page_parts():
    item = ARCHIVE.get("morning/2026/2026-11-02.md")
    previous, following = ARCHIVE.neighbours(item)
    golden("item-header.html", morning_pages.item_header(item, LINKS))
    golden("item-footer.html", morning_pages.item_footer(item, LINKS, previous, following))


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("month-2026-11.md", lambda: morning_pages.month_page(ARCHIVE, "2026-11")),
        ("year-2026.md", lambda: morning_pages.year_page(ARCHIVE, 2026)),
        ("topic-政治理论.md", lambda: morning_pages.topic_page(ARCHIVE, "政治理论")),
        ("topic-政治理论-2026.md", lambda: morning_pages.topic_year_page(ARCHIVE, "政治理论", 2026)),
    ],
)
def test_archive_pages(name, page):
    golden(name, page())


def test_landing_blocks_on_a_given_day():
    blocks = morning_pages.landing_blocks(ARCHIVE, dt.date(2026, 11, 3))
    golden("landing.md", "\n".join(f"<!-- {name} -->\n{block}" for name, block in blocks.items()))


def _item_page(src: str) -> str:
    return "/" + src.removesuffix(".md") + "/"


def test_index_json():
    generated = dt.datetime(2026, 11, 27, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    text = morning_pages.index_json(ARCHIVE, _item_page, generated)
    golden("index.json", json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n")


def test_every_generated_page_has_a_source_path_and_the_archive_is_complete():
    pages = morning_pages.generated_pages(ARCHIVE)
    assert sorted(pages) == sorted([
        "morning/archive/2026/10/index.md", "morning/archive/2026/11/index.md", "morning/archive/2026/12/index.md",
        "morning/archive/2026/index.md",
        "morning/topics/政治理论/index.md", "morning/topics/政治理论/2026/index.md",
        "morning/topics/党规党纪/index.md", "morning/topics/党规党纪/2026/index.md",
        "morning/topics/廉政教育/index.md", "morning/topics/廉政教育/2026/index.md",
    ])


def test_editor_text_stays_text_in_rendered_pages():
    item = make_item("2026-11-04", "<img src=x onerror=alert(1)> **粗**", "政治理论", tags=("<b>标签</b>",),
                     source="[链接](javascript:alert(1))",
                     question=Question("<script>alert(1)</script>", ("<i>甲</i>", "乙"), "A", "<u>解析</u>"))
    neighbour = make_item("2026-11-05", "<svg onload=alert(1)>", "政治理论")
    archive = MorningArchive([item, neighbour], TOPICS)
    html = morning_pages.item_header(item, LINKS) + morning_pages.item_footer(item, LINKS, None, neighbour)
    html += markdown.markdown(morning_pages.month_page(archive, "2026-11"),
                              extensions=["attr_list", "tables", "md_in_html"])
    for markup in ("<img", "<b>", "<script", "<i>", "<u>", "<svg", 'href="javascript'):
        assert markup not in html, markup
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "出处：[链接](javascript:alert(1))" in html  # shown as written, not as a link
    assert "&lt;b&gt;标签&lt;/b&gt;" in html and "&lt;svg onload=alert(1)&gt;" in html
    data = json.loads(morning_pages.index_json(archive, _item_page, dt.datetime(2026, 11, 4, tzinfo=dt.timezone.utc)))
    assert data["items"][0]["title"] == "<img src=x onerror=alert(1)> **粗**"  # plain text, as written


def test_no_list_grows_with_the_archive():
    many = [make_item((dt.date(2016, 1, 1) + dt.timedelta(days=n)).isoformat(), f"第{n}条", TOPICS[n % 3])
            for n in range(3650)]
    archive = MorningArchive(many, TOPICS)
    blocks = morning_pages.landing_blocks(archive, dt.date(2026, 1, 1))
    assert blocks["latest"].count("\n| ") <= morning_pages.LATEST_COUNT + 2  # the header, the rule, the rows
    assert len(blocks["archive"]) < 12_000  # one line a year, one link a month
    topic = morning_pages.topic_page(archive, "政治理论")
    assert topic.count("](../../") <= morning_pages.TOPIC_LATEST_COUNT + 1
    assert max(len(page) for page in morning_pages.generated_pages(archive).values()) < 60_000
