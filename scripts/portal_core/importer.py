"""A schedule of 晨学 items from a spreadsheet: rows -> validated drafts -> new files.

Every row is checked before anything is written; one bad row and nothing is written.
An existing item is never overwritten.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from .content import Document
from .morning import expected_src
from .problems import Problem
from .schema import check_body
from .site_config import Settings

COLUMNS = ("日期", "标题", "主题", "标签", "正文", "出处")
REQUIRED = ("日期", "标题", "主题", "正文")
_TAG_SPLIT = re.compile(r"[,，、;；\s]+")
_TAG_LIKE = re.compile(r"<\s*[A-Za-z/!]")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Draft:
    row: int
    date: dt.date
    title: str
    topic: str
    tags: tuple[str, ...]
    body: str
    source: str

    def text(self) -> str:
        meta = {"title": self.title, "date": self.date, "topic": self.topic}
        if self.tags:
            meta["tags"] = list(self.tags)
        if self.source:
            meta["source"] = self.source
        return frontmatter.dumps(frontmatter.Post(self.body, **meta), sort_keys=False) + "\n"


def read_sheet(path: Path, shown: str) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """The rows of an .xlsx or .csv file as (row number, {column: value}), header checked."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path)
    elif suffix == ".csv":
        rows = _csv_rows(path)
    else:
        return [], [Problem(shown, 1, "只能导入 .xlsx（Excel）或 .csv 文件。请在 Excel 里“另存为”这两种格式之一。")]
    if not rows:
        return [], [Problem(shown, 1, "表格是空的。第一行应该是列名：" + "、".join(COLUMNS) + "。")]
    header = [str(cell or "").strip() for cell in rows[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        return [], [Problem(shown, 1, f"表格缺少“{'、'.join(missing)}”列。第一行应该是列名：" + "、".join(COLUMNS) + "。")]
    records = []
    for number, cells in enumerate(rows[1:], start=2):
        record = {name: cells[index] if index < len(cells) else None for index, name in enumerate(header) if name}
        if any(value not in (None, "") and str(value).strip() for value in record.values()):
            records.append((number, record))
    return records, []


def _xlsx_rows(path: Path) -> list[tuple]:
    import openpyxl  # only the import command needs it

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_rows(path: Path) -> list[tuple]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gbk", errors="replace")  # Excel on Chinese Windows saves CSV as GBK
    return [tuple(row) for row in csv.reader(text.splitlines())]


def validate_rows(
    records: list[tuple[int, dict]], settings: Settings, shown: str, progress: Progress | None = None
) -> tuple[list[Draft], list[Problem]]:
    drafts: list[Draft] = []
    problems: list[Problem] = []
    seen: dict[dt.date, int] = {}
    for done, (row, record) in enumerate(records, start=1):
        if progress:
            progress("检查", done, len(records))
        row_problems: list[str] = []
        day = _date(record.get("日期"), row_problems)
        title = _text(record.get("标题"))
        topic = _text(record.get("主题"))
        body = _body(record.get("正文"))
        source = _text(record.get("出处"))
        tags = tuple(tag for tag in _TAG_SPLIT.split(_text(record.get("标签"))) if tag)
        if not title:
            row_problems.append("标题是空的。")
        if not topic:
            row_problems.append("主题是空的。")
        elif topic not in settings.topics:
            row_problems.append(f"主题“{topic}”不在主题列表里。可选：{'、'.join(settings.topics)}。")
        if not body:
            row_problems.append("正文是空的。")
        for name, value in (("标题", title), ("出处", source), ("标签", " ".join(tags))):
            if _TAG_LIKE.search(value):
                row_problems.append(f"{name}里不能写 HTML 标签（如“<img …>”），只能是文字。")
        if body:
            body_doc = Document(path=Path(shown), shown=shown, body=body, body_line=row)
            row_problems += [problem.message for problem in check_body(body_doc)]
        if day:
            target = settings.docs_dir / expected_src(day)
            if day in seen:
                row_problems.append(f"日期 {day.isoformat()} 和第 {seen[day]} 行重复：每天只能有一条晨学。")
            elif target.exists():
                row_problems.append(f"{day.isoformat()} 已经有晨学（{settings.shown(target)}），导入不会覆盖它。"
                                    "请删掉这一行或改日期。")
            seen.setdefault(day, row)
        problems += [Problem(shown, row, f"第 {row} 行：{message}") for message in row_problems]
        if not row_problems:
            drafts.append(Draft(row, day, title, topic, tags, body, source))
    return drafts, problems


def write_drafts(drafts: list[Draft], settings: Settings, progress: Progress | None = None) -> list[Path]:
    written = []
    for done, draft in enumerate(drafts, start=1):
        path = settings.docs_dir / expected_src(draft.date)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite
            file.write(draft.text())
        written.append(path)
        if progress:
            progress("写入", done, len(drafts))
    return written


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _body(value) -> str:
    """Cell text to Markdown: each line of the cell becomes a paragraph."""
    if value is None:
        return ""
    lines = [line.strip() for line in str(value).replace("\r\n", "\n").split("\n")]
    return "\n\n".join(line for line in lines if line)


def _date(value, problems: list[str]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        problems.append("日期是空的。")
        return None
    match = _DATE.fullmatch(text)
    if not match:
        problems.append(f"日期“{text}”的写法不对，请写成 2026-03-05。")
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        problems.append(f"日期 {text} 不是真实存在的日期，请核对月份和日期。")
        return None
