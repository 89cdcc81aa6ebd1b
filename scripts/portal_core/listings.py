"""Lectures and activity reports as lists: the models and the Markdown shown for them.

Links in the generated Markdown point at the source `.md` and image files,
relative to the page they appear on, so MkDocs resolves every URL and a
strict build fails if one goes missing.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .content import Document, chinese_date, meta_date, read_document
from .links import first_image
from .markdown_text import first_paragraph, md_text, relative_link
from .sections import ACTIVITIES_DIR, ACTIVITY, ACTIVITY_POSTS_DIR, LECTURE, LECTURES_DIR, is_markdown, kind_of

_SUMMARY_LENGTH = 70


@dataclass(frozen=True)
class Lecture:
    src: str  # path below docs/, e.g. "lectures/2026-03-28-xxx.md"
    title: str
    date: dt.date
    speaker: str
    branch: str
    kind: str
    summary: str


@dataclass(frozen=True)
class Activity:
    src: str
    title: str
    date: dt.date
    branch: str
    photo: str | None  # path below docs/ of the report's first image
    summary: str


def load_lectures(docs_dir: Path) -> list[Lecture]:
    """Every lecture note, newest first, read from docs/ (a build uses the documents its check read)."""
    return lectures_of(_read_all(docs_dir, sorted((docs_dir / LECTURES_DIR).glob("*"))))


def load_activities(docs_dir: Path) -> list[Activity]:
    """Every activity report, newest first, read from docs/."""
    return activities_of(_read_all(docs_dir, sorted((docs_dir / ACTIVITY_POSTS_DIR).rglob("*"))))


def _read_all(docs_dir: Path, paths) -> dict[str, Document]:
    return {_src(docs_dir, path): read_document(path)[0] for path in paths if is_markdown(path.name)}


def lectures_of(documents: dict[str, Document]) -> list[Lecture]:
    """The lecture notes among these documents (by source below docs/), newest first."""
    lectures = [_lecture(src, doc) for src, doc in documents.items() if kind_of(src) is LECTURE]
    return sorted(lectures, key=lambda item: (item.date, item.src), reverse=True)


def _lecture(src: str, doc: Document) -> Lecture:
    meta = doc.meta or {}  # checked already
    return Lecture(
        src=src,
        title=str(meta.get("title", _stem(src))),
        date=meta_date(meta.get("date")) or dt.date.min,
        speaker=str(meta.get("speaker", "")),
        branch=str(meta.get("branch", "")),
        kind=str(meta.get("kind", "")),
        summary=str(meta.get("summary") or first_paragraph(doc.body, _SUMMARY_LENGTH)),
    )


def activities_of(documents: dict[str, Document]) -> list[Activity]:
    """The activity reports among these documents, newest first."""
    activities = []
    for src, doc in documents.items():
        if kind_of(src) is not ACTIVITY:
            continue
        meta = doc.meta or {}
        categories = meta.get("categories") or [""]
        image = first_image(doc.body)
        activities.append(Activity(
            src=src,
            title=str(meta.get("title", _stem(src))),
            date=meta_date(meta.get("date")) or dt.date.min,
            branch=str(categories[0]),
            photo=posixpath.normpath(posixpath.join(posixpath.dirname(src), image)) if image else None,
            summary=first_paragraph(doc.body.split("<!-- more -->")[0], _SUMMARY_LENGTH),
        ))
    return sorted(activities, key=lambda item: (item.date, item.src), reverse=True)


def _stem(src: str) -> str:
    return src.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def lecture_table(lectures: list[Lecture], page_src: str) -> str:
    rows = ["| 日期 | 题目 | 主讲人 | 支部 | 类别 |", "| --- | --- | --- | --- | --- |"]
    for lecture in lectures:
        rows.append(
            f"| {lecture.date.isoformat()} | [{md_text(lecture.title)}]({relative_link(page_src, lecture.src)}) "
            f"| {md_text(lecture.speaker)} | {md_text(lecture.branch)} | {md_text(lecture.kind)} |"
        )
    # On phones the rows become cards (portal.css): five columns do not fit 390 px.
    return '<div class="portal-lecture-list" markdown>\n\n' + "\n".join(rows) + "\n\n</div>\n"


def lecture_cards(lectures: list[Lecture], page_src: str) -> str:
    cards = []
    for lecture in lectures:
        paragraphs = [
            f":material-microphone-variant: **[{md_text(lecture.title)}]({relative_link(page_src, lecture.src)})**",
            f"{md_text(lecture.kind)} · {md_text(lecture.speaker)} · {chinese_date(lecture.date)}",
            md_text(lecture.summary),
        ]
        cards.append(paragraphs)
    return _grid(cards)


def activity_cards(activities: list[Activity], page_src: str) -> str:
    cards = []
    for activity in activities:
        paragraphs = []
        if activity.photo:
            paragraphs.append(f"![{md_text(activity.title)}]"
                              f"(<{relative_link(page_src, activity.photo)}>){{ loading=lazy }}")
        paragraphs.append(f"**[{md_text(activity.title)}]({relative_link(page_src, activity.src)})**")
        paragraphs.append(f":material-calendar: {chinese_date(activity.date)} · {md_text(activity.branch)}")
        cards.append(paragraphs)
    return _grid(cards)


def lecture_header(lecture: Lecture) -> str:
    """The line of facts shown above a lecture's text."""
    return (
        '<div class="portal-facts" markdown>\n\n'
        "[‹ 全部党课讲稿](index.md){ .portal-back } · "
        f":material-account-voice: 主讲：{md_text(lecture.speaker)}"
        f" · :material-calendar: {chinese_date(lecture.date)}"
        f" · :material-flag-variant: {md_text(lecture.branch)}"
        f" · :material-bookmark: {md_text(lecture.kind)}\n\n"
        "</div>\n\n"
    )


def activity_header(activity: Activity, branch_src: str | None) -> str:
    """The line of facts shown under an activity report's title: where readers look first, on a
    phone too (the blog's own sidebar with the date and branch ends up below the report there).
    `branch_src` is the branch's generated list of reports, linked when there is one."""
    branch = md_text(activity.branch)
    if branch_src:
        branch = f"[{branch}]({relative_link(activity.src, branch_src)})"
    return (
        '<div class="portal-facts" markdown>\n\n'
        f"[‹ 全部活动报道]({relative_link(activity.src, ACTIVITIES_DIR + '/index.md')}){{ .portal-back }} · "
        f":material-calendar: {chinese_date(activity.date)} · :material-flag-variant: {branch}\n\n"
        "</div>\n\n"
    )


_FACTS_BLOCK = re.compile(r'<div class="portal-facts">.*?</div>\s*', re.S)


def without_facts(html: str) -> str:
    """A report's excerpt on a list, which shows the date and branch in its own header."""
    return _FACTS_BLOCK.sub("", html, count=1)


def _grid(cards: list[list[str]]) -> str:
    """Material's grid cards: one list item per card, one paragraph per line given."""
    if not cards:
        return "暂无内容。\n"
    items = ["-   " + "\n\n    ".join(paragraphs) + "\n" for paragraphs in cards]
    return '<div class="grid cards" markdown>\n\n' + "\n".join(items) + "\n</div>\n"


def _src(docs_dir: Path, path: Path) -> str:
    return path.relative_to(docs_dir).as_posix()
