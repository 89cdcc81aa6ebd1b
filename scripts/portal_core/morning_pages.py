"""晨学三分钟 as pages and JSON: generated from the archive at build time, never hand-written.

Archive pages are Markdown whose links point at source files (MkDocs resolves and checks them)
and whose editor text went through md_text; an item page gets escaped HTML around its body.
No page grows with the number of items: lists are cut by month, by year or by a fixed count.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from .content import WEEKDAYS, chinese_date
from .contract import LETTERS, MORNING_FIELDS
from .markdown_text import md_text, relative_link
from .morning import MORNING_DIR, MorningArchive, MorningItem, Question

LANDING_SRC = f"{MORNING_DIR}/index.md"
LATEST_COUNT = 10
TOPIC_LATEST_COUNT = 10

# Markers in docs/morning/index.md, each replaced by a generated block.
MARKERS = {
    "today": "<!-- portal:morning-today -->",
    "latest": "<!-- portal:morning-latest -->",
    "topics": "<!-- portal:morning-topics -->",
    "archive": "<!-- portal:morning-archive -->",
}


def topic_slug(topic: str) -> str:
    """A topic's folder name: its own words, without characters a URL path cannot hold."""
    return re.sub(r"[\s/\\#?%&]+", "-", topic).strip("-")


def month_src(month: str) -> str:
    year, number = month.split("-")
    return f"{MORNING_DIR}/archive/{year}/{number}/index.md"


def year_src(year: int) -> str:
    return f"{MORNING_DIR}/archive/{year:04d}/index.md"


def topic_src(topic: str) -> str:
    return f"{MORNING_DIR}/topics/{topic_slug(topic)}/index.md"


def topic_year_src(topic: str, year: int) -> str:
    return f"{MORNING_DIR}/topics/{topic_slug(topic)}/{year:04d}/index.md"


def month_title(month: str) -> str:
    year, number = month.split("-")
    return f"{int(year)}年{int(number)}月"


# --- the item page ----------------------------------------------------------------------
# Plain HTML, added around the rendered body: thousands of items need no second pass
# through Markdown, and every piece of editor text goes through html.escape.


@dataclass(frozen=True)
class ItemLinks:
    """URLs relative to the item's page, worked out by MkDocs from the files they name."""

    topic: str
    month: str
    previous: str | None = None
    following: str | None = None
    landing: str | None = None  # /morning/: the way back to the list


def item_header(item: MorningItem, links: ItemLinks) -> str:
    tags = "".join(f'<span class="morning-tag">{escape(tag)}</span>' for tag in item.tags)
    return (
        # Facts and links repeat words of other pages: keep them out of the search index.
        f'<div class="morning-facts" data-search-exclude="true" data-morning-date="{item.date.isoformat()}">'
        + (f'<a class="morning-fact morning-fact--back" href="{escape(links.landing)}">‹ 晨学三分钟</a>'
           if links.landing else "")
        + f'<span class="morning-fact">{chinese_date(item.date, weekday=True)}</span>'
        f'<a class="morning-fact morning-fact--topic" href="{escape(links.topic)}">{escape(item.topic)}</a>'
        f'<span class="morning-fact">阅读约 {item.reading_minutes} 分钟</span>'
        f'{tags}</div>\n'
    )


def item_footer(item: MorningItem, links: ItemLinks, previous: MorningItem | None,
                following: MorningItem | None) -> str:
    parts = []
    if item.source:
        parts.append(f'<p class="morning-source">出处：{escape(item.source)}</p>')
    if item.question:
        parts.append(_question_block(item.question))
    parts.append(_pager(item, links, previous, following))
    return "\n" + "\n".join(parts) + "\n"


def _question_block(question: Question) -> str:
    options = "".join(
        f'<li><span class="morning-letter">{letter}</span>{escape(option)}</li>'
        for letter, option in zip(LETTERS, question.options)
    )
    explain = f"<p>{escape(question.explain)}</p>" if question.explain else ""
    return (
        '<div class="admonition question morning-question">'
        '<p class="admonition-title">每日一题</p>'
        f"<p>{escape(question.prompt)}</p><ul>{options}</ul>"
        '<details class="success"><summary>想好了吗？点这里看答案</summary>'
        f'<p>正确答案：<strong>{question.answer}</strong>　{escape(question.answer_text)}</p>{explain}'
        "</details></div>"
    )


def _pager(item: MorningItem, links: ItemLinks, previous: MorningItem | None, following: MorningItem | None) -> str:
    cells = []
    if previous:
        cells.append(f'<a class="morning-previous" href="{escape(links.previous)}">← 上一条 · '
                     f"{chinese_date(previous.date)}<br>{escape(previous.title)}</a>")
    if following:
        cells.append(f'<a class="morning-next" href="{escape(links.following)}">下一条 · '
                     f"{chinese_date(following.date)} →<br>{escape(following.title)}</a>")
    cells.append(f'<a class="morning-month" href="{escape(links.month)}">{month_title(item.month)}全部晨学</a>')
    return '<nav class="morning-pager" data-search-exclude="true">' + "".join(cells) + "</nav>"


# --- lists ---------------------------------------------------------------------------------


def _item_rows(items: list[MorningItem], page_src: str, show_topic: bool = True) -> str:
    header = "| 日期 | 题目 | 主题 |" if show_topic else "| 日期 | 题目 |"
    rule = "| --- | --- | --- |" if show_topic else "| --- | --- |"
    rows = [header, rule]
    for item in items:
        title = f"[{md_text(item.title)}]({relative_link(page_src, item.src)})"
        day = f"{item.date.month}月{item.date.day}日 星期{WEEKDAYS[item.date.weekday()]}"
        if show_topic:
            topic = f"[{md_text(item.topic)}]({relative_link(page_src, topic_src(item.topic))})"
            rows.append(f"| {day} | {title} | {topic} |")
        else:
            rows.append(f"| {day} | {title} |")
    return '<div class="morning-list" markdown>\n\n' + "\n".join(rows) + "\n\n</div>\n"


def _page(title: str, heading: str, body: str) -> str:
    # Archive pages are lists: the items themselves are what search should find.
    front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nsearch:\n  exclude: true\n---\n\n"
    return f"{front}# {md_text(heading)}\n\n{body}"


def _back(page_src: str) -> str:
    return f"[:material-arrow-left: 返回晨学三分钟]({relative_link(page_src, LANDING_SRC)})\n"


def month_page(archive: MorningArchive, month: str) -> str:
    src = month_src(month)
    items = archive.by_month[month]
    year = int(month[:4])
    body = (
        f"本月共 {len(items)} 条晨学。"
        f"[查看 {year} 年各月]({relative_link(src, year_src(year))})\n\n"
        + _item_rows(items, src)
        + "\n" + _back(src)
    )
    return _page(f"{month_title(month)} · 晨学三分钟", f"{month_title(month)}晨学", body)


def year_page(archive: MorningArchive, year: int) -> str:
    src = year_src(year)
    months = archive.months_of(year)
    total = sum(len(archive.by_month[month]) for month in months)
    lines = [f"{year} 年共 {total} 条晨学，按月查阅：", ""]
    for month in months:
        lines.append(f"- [{month_title(month)}]({relative_link(src, month_src(month))})　"
                     f"{len(archive.by_month[month])} 条")
    return _page(f"{year}年 · 晨学三分钟", f"{year}年晨学", "\n".join(lines) + "\n\n" + _back(src))


def topic_page(archive: MorningArchive, topic: str) -> str:
    src = topic_src(topic)
    items = archive.by_topic.get(topic, [])
    lines = [f"“{md_text(topic)}”主题共 {len(items)} 条晨学。", ""]
    years = archive.topic_years(topic)
    if years:
        lines += ["按年份查阅：" + "　".join(
            f"[{year}年（{count} 条）]({relative_link(src, topic_year_src(topic, year))})" for year, count in years
        ), "", "## 最近的条目", ""]
        lines.append(_item_rows(items[-TOPIC_LATEST_COUNT:][::-1], src, show_topic=False))
    return _page(f"{topic} · 晨学三分钟", f"晨学主题：{topic}", "\n".join(lines) + "\n" + _back(src))


def topic_year_page(archive: MorningArchive, topic: str, year: int) -> str:
    src = topic_year_src(topic, year)
    items = [item for item in archive.by_topic[topic] if item.date.year == year]
    body = (
        f"{year} 年“{md_text(topic)}”主题共 {len(items)} 条。"
        f"[返回“{md_text(topic)}”主题]({relative_link(src, topic_src(topic))})\n\n"
        + _item_rows(items, src, show_topic=False)
    )
    return _page(f"{topic} · {year}年 · 晨学三分钟", f"{year}年 · {topic}", body)


def generated_srcs(archive: MorningArchive) -> set[str]:
    """The source paths generated_pages will use, without rendering them (for the link check)."""
    srcs = {month_src(month) for month in archive.by_month} | {year_src(year) for year in archive.years}
    for topic in archive.by_topic:
        srcs.add(topic_src(topic))
        srcs.update(topic_year_src(topic, year) for year, _count in archive.topic_years(topic))
    return srcs


def generated_pages(archive: MorningArchive) -> dict[str, str]:
    """Every archive page, by the source path it pretends to have."""
    pages = {month_src(month): month_page(archive, month) for month in archive.by_month}
    pages.update({year_src(year): year_page(archive, year) for year in archive.years})
    for topic in archive.by_topic:
        pages[topic_src(topic)] = topic_page(archive, topic)
        for year, _count in archive.topic_years(topic):
            pages[topic_year_src(topic, year)] = topic_year_page(archive, topic, year)
    return pages


# --- the landing page ----------------------------------------------------------------------


def landing_blocks(archive: MorningArchive, today: dt.date) -> dict[str, str]:
    """The generated parts of /morning/, by marker name."""
    return {
        "today": _today_card(archive, today),
        "latest": _latest(archive, today),
        "topics": _topic_cards(archive),
        "archive": _archive_index(archive),
    }


def _today_card(archive: MorningArchive, today: dt.date) -> str:
    # The build may be days old: morning.js picks today's item again in the browser.
    item = archive.on_or_before(today)
    if item is None:
        return "暂无晨学条目。\n"
    link = relative_link(LANDING_SRC, item.src)
    return (
        '<div class="morning-today" id="morning-today" markdown>\n\n'
        f'<span class="morning-today__label">{"今日晨学" if item.date == today else "最近一期"}</span> <span class="mo'
        f'rning-today__date">{chinese_date(item.date, weekday=True)}</span>'
        f' <span class="morning-today__topic">{md_text(item.topic)}</span>\n\n'
        f"[{md_text(item.title)}]({link}){{ .morning-today__title }}\n\n"
        f'<span class="morning-today__summary">{md_text(item.summary)}</span>\n\n'
        f"[阅读全文 :material-arrow-right:]({link}){{ .md-button .md-button--primary .morning-today__more }}\n\n"
        "</div>\n"
    )


def _latest(archive: MorningArchive, today: dt.date) -> str:
    items = archive.latest(LATEST_COUNT, today)
    return _item_rows(items, LANDING_SRC) if items else "暂无晨学条目。\n"


def _topic_cards(archive: MorningArchive) -> str:
    cards = []
    for topic, items in archive.by_topic.items():
        cards.append(f"-   [**{md_text(topic)}**]({relative_link(LANDING_SRC, topic_src(topic))})　{len(items)} 条")
    return '<div class="grid cards morning-topics" markdown>\n\n' + "\n".join(cards) + "\n\n</div>\n"


def _archive_index(archive: MorningArchive) -> str:
    lines = []
    for year in archive.years:
        months = "　".join(
            f"[{int(month[5:])}月]({relative_link(LANDING_SRC, month_src(month))})"
            for month in archive.months_of(year)
        )
        lines.append(f"- **[{year}年]({relative_link(LANDING_SRC, year_src(year))})**　{months}")
    return "\n".join(lines) + "\n" if lines else "暂无晨学条目。\n"


# --- the JSON -------------------------------------------------------------------------------


def index_json(archive: MorningArchive, url_of: Callable[[str], str], generated: dt.datetime) -> str:
    """/morning/index.json: plain text only, sorted by date, for the kiosk and anyone else; `url_of`
    gives an item's page on the host from its source (the build asks MkDocs)."""
    items = []
    for item in archive.items:
        entry = {}
        for field in MORNING_FIELDS:
            value = getattr(item, field.key)
            if field.in_index and value is not None:
                entry[field.key] = _json_value(value)
        entry["url"] = url_of(item.src)
        items.append(entry)
    data = {"generated": generated.isoformat(timespec="seconds"), "items": items}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Question):
        return value.as_json()
    return list(value) if isinstance(value, tuple) else value
