"""A schedule of 晨学 items from a spreadsheet: rows -> validated drafts -> new files.

Every row is checked before anything is written; one bad row and nothing is written.
An existing item is never overwritten.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import signal
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from .content import parse_document
from .contract import BODY_COLUMN, DATE, LETTERS, LIST, MORNING_FIELDS, QUESTION_FIELDS, field
from .morning import item_src
from .problems import Problem
from .schema import check_morning
from .site_config import Settings

# The sheet's columns, from the 晨学 table: the required ones and the text first, then the rest.
_READ = tuple(f for f in MORNING_FIELDS if f.column)
REQUIRED = tuple(f.column for f in _READ if f.required) + (BODY_COLUMN,)
COLUMNS = REQUIRED + tuple(f.column for f in _READ if not f.required)
QUESTION_COLUMNS = tuple(f.column for f in QUESTION_FIELDS)  # optional: the day's 每日一题, as in the guide
MAX_ROWS = 5_000  # about twenty years of working mornings
MAX_COLUMNS = 50
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_SHEET_XML_BYTES = 200 * 1024 * 1024
# A sheet may claim a few more rows and columns than it fills (formatting); not a million.
SLACK_ROWS, SLACK_COLUMNS = 1_000, 50
_TAG_SPLIT = re.compile(r"[,，、;；\s]+")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")

# Checks the other columns of a row whose date is wrong, so every problem is named in one run.
PLACEHOLDER_DAY = dt.date(2000, 1, 3)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Draft:
    """A 晨学 file to be: its front matter by key (a date always, the rest as given) and its text."""

    row: int
    values: dict  # key -> value, as the front matter holds it (a question as its dict)
    body: str

    @property
    def date(self) -> dt.date:
        return self.values["date"]

    def text(self) -> str:
        meta = {f.key: value for f in MORNING_FIELDS
                if (value := self.values.get(f.key, "")) not in (None, "", (), []) or f.required}
        meta = {key: list(value) if isinstance(value, tuple) else value for key, value in meta.items()}
        # The pure-Python dumper: libyaml's escapes characters beyond the BMP (𠀀 became \U00020000).
        return frontmatter.dumps(frontmatter.Post(self.body, **meta), sort_keys=False, Dumper=yaml.SafeDumper) + "\n"


class SheetRefused(Exception):
    """The sheet cannot be imported as it is; the message says why and how to fix it."""


def read_sheet(path: Path, shown: str) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """The rows of an .xlsx or .csv file as (row number, {column: value}), header checked.

    Reading is bounded: a sheet larger than MAX_ROWS rows, or a file that only claims to be
    a spreadsheet, is refused before it can take minutes or gigabytes."""
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SheetRefused(f"文件有 {path.stat().st_size / 1024 / 1024:.0f} MB，太大了（上限 20 MB）。"
                               f"一次最多导入 {MAX_ROWS:,} 行，请把表格分成几个文件。")
        if suffix == ".xlsx":
            rows, cell_problems = _xlsx_rows(path)
        elif suffix == ".csv":
            rows, cell_problems = _csv_rows(path), []
        elif suffix in (".xls", ".et", ".wps"):
            raise SheetRefused("这是旧版 Excel（.xls）或 WPS 格式的文件。请在 Excel 或 WPS 里打开，"
                               "选“另存为”，保存类型选“Excel 工作簿（*.xlsx）”，再导入新文件。")
        else:
            raise SheetRefused("只能导入 .xlsx（Excel）或 .csv 文件。请在 Excel 里“另存为”这两种格式之一。")
    except SheetRefused as refused:
        return [], [Problem(shown, 1, str(refused))]
    if not rows:
        return [], [Problem(shown, 1, "表格是空的。第一行应该是列名：" + "、".join(COLUMNS) + "。")]
    header = [str(cell or "").strip() for cell in rows[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        return [], [Problem(shown, 1, f"表格缺少“{'、'.join(missing)}”列。"
                                      "第一行应该是列名：" + "、".join(COLUMNS) + "。")]
    unknown = [name for name in header if name and name not in COLUMNS + QUESTION_COLUMNS]
    if unknown:  # never dropped in silence: what an editor typed there would be lost
        return [], [Problem(shown, 1, f"表格第一行有不认识的列“{'、'.join(unknown)}”，这些列的内容无法导入。"
                                      f"可用的列：{'、'.join(COLUMNS + QUESTION_COLUMNS)}。请改成其中之一，"
                                      "或者删掉这些列（内容需要保留的，可以写进“正文”）。")]
    records = []
    for number, cells in enumerate(rows[1:], start=2):
        record = {name: cells[index] if index < len(cells) else None for index, name in enumerate(header) if name}
        if any(value not in (None, "") and str(value).strip() for value in record.values()):
            records.append((number, record))
    problems = [Problem(shown, row, f"第 {row} 行：{message}") for row, message in cell_problems]
    return records, problems


def _xlsx_rows(path: Path) -> tuple[list[tuple], list[tuple[int, str]]]:
    import openpyxl  # only the import command needs it

    if not zipfile.is_zipfile(path):
        raise SheetRefused("这个文件的扩展名是 .xlsx，但它不是 Excel 表格（可能是改了扩展名的其他文件，或文件已损坏）。"
                           "请在 Excel 里打开原表格，“另存为” .xlsx 后再导入。")
    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SheetRefused("无法读取这个 Excel 文件，它可能已损坏或设置了密码。"
                           "请在 Excel 里打开它，取消密码后“另存为”一个新的 .xlsx 文件再导入。") from error
    try:
        sheet = values.worksheets[0]
        declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
        sheet_xml = getattr(sheet, "_worksheet_path", None)  # openpyxl keeps no public name for it
        rows = _bounded_rows(sheet)
        formula_rows = _bounded_rows(formulas.worksheets[0])
    finally:
        values.close()
        formulas.close()
    used_columns = max((len(_trimmed(row)) for row in rows), default=0)
    if declared_rows > len(rows) + SLACK_ROWS or declared_columns > max(used_columns, 1) + SLACK_COLUMNS:
        raise SheetRefused(f"表格自称有 {declared_rows:,} 行、{declared_columns:,} 列，实际只有 {len(rows)} 行内容。"
                           "这样的文件读起来极慢，可能是误操作或文件有问题。请新建一个表格，"
                           "只复制有内容的行和列过去（选择性粘贴→数值），保存后再导入。")
    problems = []
    for number, (row, formula_row) in enumerate(zip(rows, formula_rows), start=1):
        for column, (value, formula) in enumerate(zip(row, formula_row)):
            if value is None and isinstance(formula, str) and formula.startswith("="):
                problems.append((number, f"第 {column + 1} 列是公式（{formula[:30]}），"
                                         "文件里却没有保存它的计算结果。请在 Excel 里打开表格、保存一次再导入；"
                                         "或把公式改成文字（复制后“选择性粘贴→数值”）。"))
    for first_row, last_row, cells in _merged_cells(path, sheet_xml):
        problems.append((first_row, f"{cells} 是合并的单元格（第 {first_row} 到 {last_row} 行）。"
                                    "导入需要每一行都有自己的内容：请选中它，点“合并后居中”取消合并，再把每一行填完整。"))
    return rows, problems


def _bounded_rows(sheet) -> list[tuple]:
    """At most MAX_ROWS + 1 data rows, each cut to MAX_COLUMNS: the sheet's own claim is not trusted."""
    sheet.reset_dimensions()
    rows = []
    for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
        rows.append(tuple(row))
        if len(rows) > MAX_ROWS + 1:
            raise SheetRefused(f"表格超过 {MAX_ROWS:,} 行。"
                               f"一次最多导入 {MAX_ROWS:,} 行，请把表格分成几个文件分别导入。")
    while rows and not any(cell not in (None, "") for cell in rows[-1]):
        rows.pop()
    return rows


def _trimmed(row: tuple) -> tuple:
    row = list(row)
    while row and row[-1] in (None, ""):
        row.pop()
    return tuple(row)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _merged_cells(path: Path, sheet_xml: str | None) -> list[tuple[int, int, str]]:
    if not sheet_xml:
        return []
    with zipfile.ZipFile(path) as archive:
        try:
            info = archive.getinfo(sheet_xml.lstrip("/"))
        except KeyError:
            return []
        if info.file_size > MAX_SHEET_XML_BYTES:
            raise SheetRefused("表格里的数据太多了。请把表格分成几个文件分别导入。")
        data = archive.read(info)
    merged = []
    for match in _MERGE.finditer(data):
        first, last = int(match.group(2)), int(match.group(4))
        merged.append((first, last, f"{match.group(1).decode()}{first}:{match.group(3).decode()}{last}"))
    return merged


def _csv_rows(path: Path) -> list[tuple]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK, a part of GB18030
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetRefused("无法识别这个 CSV 文件的编码（既不是 UTF-8 也不是 GBK/GB18030）。"
                           "请在 Excel 里打开它，“另存为”时选“CSV UTF-8（逗号分隔）”。")
    rows = []
    # newline="": a quoted cell may hold line breaks, which become paragraphs as in .xlsx.
    for row in csv.reader(io.StringIO(text, newline="")):
        rows.append(tuple(row[:MAX_COLUMNS]))
        if len(rows) > MAX_ROWS + 1:
            raise SheetRefused(f"表格超过 {MAX_ROWS:,} 行。"
                               f"一次最多导入 {MAX_ROWS:,} 行，请把表格分成几个文件分别导入。")
    return rows


def validate_rows(
    records: list[tuple[int, dict]], settings: Settings, shown: str, progress: Progress | None = None
) -> tuple[list[Draft], list[Problem]]:
    """Each row as the file it would become, checked by the same rules as every 晨学 file."""
    drafts: list[Draft] = []
    problems: list[Problem] = []
    seen: dict[dt.date, int] = {}
    for done, (row, record) in enumerate(records, start=1):
        if progress:
            progress("检查", done, len(records))
        row_problems: list[str] = []
        values = _values(record, row_problems)
        day = values["date"]
        values["date"] = day or PLACEHOLDER_DAY
        draft = Draft(row, values, _body(record.get(BODY_COLUMN)))
        if day:
            target = settings.docs_dir / item_src(day)
            if day in seen:
                row_problems.append(f"日期 {day.isoformat()} 和第 {seen[day]} 行重复：每天只能有一条晨学。")
            elif target.exists():
                row_problems.append(f"{day.isoformat()} 已经有晨学（{settings.shown(target)}），导入不会覆盖它。"
                                    "请删掉这一行或改日期。")
            seen.setdefault(day, row)
        row_problems += check_draft(draft, settings)
        problems += [Problem(shown, row, f"第 {row} 行：{message}") for message in dict.fromkeys(row_problems)]
        if not row_problems:
            drafts.append(draft)
    return drafts, problems


def check_draft(draft: Draft, settings: Settings) -> list[str]:
    """The messages the check would give the file a draft becomes (the same rules, not a copy)."""
    target = settings.docs_dir / item_src(draft.date)
    doc, read_problems = parse_document(draft.text(), target, settings.shown(target))
    _item, item_problems = check_morning(doc, settings)
    return [problem.message for problem in read_problems + item_problems]


class ImportInterrupted(Exception):
    """Ctrl+C while writing: every file written so far has been taken back."""


def write_drafts(drafts: list[Draft], settings: Settings, progress: Progress | None = None) -> list[Path]:
    """All drafts as new files, or none: written aside first, then moved into place one by one,
    and every file moved so far taken back if anything fails or Ctrl+C is pressed."""
    _remove_leftovers(settings.docs_dir)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=settings.docs_dir))
    placed: list[Path] = []
    made_folders: list[Path] = []
    try:
        with _ctrl_c_at_safe_points() as interrupted:
            staged = []
            for draft in drafts:
                path = staging / f"{draft.row}.md"
                path.write_text(draft.text(), encoding="utf-8", newline="\n")
                staged.append((path, settings.docs_dir / item_src(draft.date)))
                if interrupted():
                    raise ImportInterrupted
            try:
                for done, (path, target) in enumerate(staged, start=1):
                    made_folders += _make_folders(target.parent, settings.docs_dir)
                    _place(path, target)
                    placed.append(target)
                    if progress:
                        progress("写入", done, len(staged))
                    if interrupted():
                        raise ImportInterrupted
            except BaseException:
                for target in placed:
                    target.unlink(missing_ok=True)
                for folder in reversed(made_folders):
                    folder.rmdir()
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return placed


STAGING_PREFIX = ".portal-import-"  # a dot folder: MkDocs and the check never publish it


def _remove_leftovers(docs_dir: Path) -> None:
    """Staging folders of an import that was killed outright (kill -9, power cut)."""
    for leftover in docs_dir.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _make_folders(folder: Path, docs_dir: Path) -> list[Path]:
    missing = []
    while not folder.exists() and folder != docs_dir:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir()
    return list(reversed(missing))


def _place(staged: Path, target: Path) -> None:
    """Move a staged file into place, never over an existing file."""
    try:
        os.link(staged, target)  # fails if the target exists, whatever happened since the check
    except FileExistsError:
        raise  # an OSError too, but never a reason to try another way
    except OSError:
        # A file system without hard links: exclusive create does the same job.
        with target.open("x", encoding="utf-8", newline="\n") as file:
            file.write(staged.read_text(encoding="utf-8"))


@contextmanager
def _ctrl_c_at_safe_points() -> Iterator[Callable[[], bool]]:
    """Ctrl+C is noted, not raised mid-write; the writer asks between files and stops cleanly."""
    pressed = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield pressed.is_set
        return
    previous = signal.signal(signal.SIGINT, lambda *_: pressed.set())
    try:
        yield pressed.is_set
    finally:
        signal.signal(signal.SIGINT, previous)


_OPTION_LETTER = re.compile(rf"^[{LETTERS}{LETTERS.lower()}]\s*[.．、:：)）]\s*")
_OPTION_SPLIT = re.compile(r"\n+|[；;]")


def _values(record: dict, row_problems: list[str]) -> dict:
    """A row's cells as front-matter values, by the 晨学 table's columns."""
    values = {}
    for f in _READ:
        cell = record.get(f.column)
        if f.type == DATE:
            values[f.key] = _date(cell, row_problems)
        elif f.type == LIST:
            values[f.key] = tuple(tag for tag in _TAG_SPLIT.split(_text(cell)) if tag)
        else:
            values[f.key] = _text(cell)
    values["question"] = _question(record, row_problems)
    return values


def _question(record: dict, row_problems: list[str]) -> dict | None:
    """The 每日一题 columns as the front matter's question: options one per line in their cell
    (or separated by ；), the answer as its letter."""
    column = {f.key: f.column for f in QUESTION_FIELDS}
    prompt, options_text = _text(record.get(column["prompt"])), str(record.get(column["options"]) or "").strip()
    answer, explain = _text(record.get(column["answer"])).upper(), _text(record.get(column["explain"]))
    if not (prompt or options_text or answer or explain):
        return None
    if not prompt:
        row_problems.append(f"填了{column['options']}或{column['answer']}，却没有填“{column['prompt']}”的题目。")
    options = [_OPTION_LETTER.sub("", option.strip()) for option in _OPTION_SPLIT.split(options_text) if option.strip()]
    if len(options) < field(QUESTION_FIELDS, "options").min_items:
        row_problems.append(f"“{column['options']}”至少要有两个：在单元格里每行写一个（Alt+回车换行），或用分号“；”隔开。")
    if not answer:
        row_problems.append(f"填了{column['prompt']}，却没有填“{column['answer']}”。请写正确选项的字母，例如 B。")
    question = {"prompt": prompt, "options": options, "answer": answer.rstrip(".．、")}
    if explain:
        question["explain"] = explain
    return question


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
