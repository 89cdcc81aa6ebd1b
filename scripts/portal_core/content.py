"""Reading an editor's Markdown file: encoding, BOM, CRLF, front matter with line numbers.

Every problem is returned, never raised, so a check can report all of them in one run.
The front matter is split by the same rule MkDocs uses, so what passes here is what
MkDocs renders.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import editor_yaml, yaml_slips
from .problems import Problem

# MkDocs' own rule (mkdocs.utils.meta.YAML_RE): `---`, the YAML, then `---` or `...`.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_OPENING = re.compile(r"^-{3}[ \t]*\n")
_KEY_AT_LINE_START = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:")


@dataclass
class Document:
    """A content file as read: its front matter (if any), the line of each key, its body."""

    path: Path
    shown: str  # the path editors see in messages, e.g. docs/morning/2026/2026-11-27.md
    meta: dict | None = None  # None: the file has no front matter
    lines: dict[tuple, int] = field(default_factory=dict)  # ("question", "answer") -> line
    body: str = ""
    body_line: int = 1  # the file line the body starts on
    bad_keys: set[str] = field(default_factory=set)  # keys whose value could not be read
    unreadable: bool = False  # front matter present but not readable: its fields are unknown

    def line_of(self, *key_path: str | int) -> int:
        """The line of a key (or of its nearest parent), else the opening `---`."""
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path[:-1]
        return 1


def read_document(path: Path, shown: str | None = None) -> tuple[Document, list[Problem]]:
    shown = shown or path.as_posix()
    doc = Document(path=path, shown=shown)
    raw = path.read_bytes()
    text, problem = _decode(raw, shown)
    if problem:
        return doc, [problem]
    return parse_document(text, path, shown)


def parse_document(text: str, path: Path, shown: str) -> tuple[Document, list[Problem]]:
    """A file's decoded text as a Document, for files on disk and files about to be written."""
    doc = Document(path=path, shown=shown)
    if not text.strip():
        return doc, [Problem(shown, 1, "文件是空的。请写上前言信息和正文，或者删除这个文件。")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    match = _FRONT_MATTER.match(text)
    if not match:
        doc.body = text
        if _OPENING.match(text):
            doc.meta, doc.unreadable = {}, True
            return doc, [Problem(shown, 1, "前言信息没有结束：在最后一个字段下面加一行 ---，再写正文。")]
        return doc, []

    yaml_text = match.group(1)
    doc.body = text[match.end():]
    doc.body_line = text[: match.end()].count("\n") + 1
    problems = _parse_front_matter(doc, yaml_text, first_line=2)
    return doc, problems


def _decode(raw: bytes, shown: str) -> tuple[str, Problem | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
    try:
        raw.decode("gbk")
        hint = (
            "文件不是 UTF-8 编码，看起来是 GBK（Windows 记事本的“ANSI”）。"
            "请用记事本打开，选“另存为”，把“编码”改成“UTF-8”后保存。"
        )
    except UnicodeDecodeError:
        hint = "文件不是 UTF-8 编码的文本。请用记事本打开，选“另存为”，把“编码”改成“UTF-8”后保存。"
    return "", Problem(shown, line, hint)


def _parse_front_matter(doc: Document, yaml_text: str, first_line: int) -> list[Problem]:
    typed = yaml_slips.slips(yaml_text, first_line)
    slipped = [Problem(doc.shown, line, message) for line, _key, message in typed]
    doc.bad_keys.update(key for _line, key, _message in typed if key)
    if refused := editor_yaml.structure_problem(yaml_text):
        return _unreadable(doc, yaml_text, first_line, slipped,
                           Problem(doc.shown, first_line + refused[0], "前言信息里" + refused[1]))
    loader = editor_yaml.Loader(yaml_text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as error:
        loader.dispose()
        return _unreadable(doc, yaml_text, first_line, slipped, yaml_problem(doc.shown, yaml_text, error, first_line))
    try:
        if root is None:
            doc.meta = {}
            return []
        if not isinstance(root, yaml.MappingNode):
            doc.meta, doc.unreadable = {}, True
            return [Problem(doc.shown, first_line + root.start_mark.line,
                            "前言信息应该是一行一项的“名称: 值”，例如 title: 今日学习。")]
        doc.meta = {}
        problems = _read_mapping(doc, loader, root, first_line)
    finally:
        loader.dispose()
    for key in yaml_slips.TEXT_KEYS:  # `title: [专题]学习` reads as a list, `title: |` as a block
        value = doc.meta.get(key)
        if value is not None and not isinstance(value, (str, int, float)) and key not in doc.bad_keys:
            if slip := yaml_slips.special_first_character(yaml_text, first_line, key):
                problems.append(Problem(doc.shown, slip[0], slip[1]))
                doc.bad_keys.add(key)
    return slipped + problems


def _unreadable(doc: Document, yaml_text: str, first_line: int, slipped: list[Problem],
                refused: Problem) -> list[Problem]:
    """Front matter that cannot be read. A slip found where it was typed (`title: [专题]…`) explains
    what YAML stumbles over later, or refuses, better than YAML's own word for it."""
    doc.meta, doc.unreadable = {}, True
    special = [Problem(doc.shown, line, message)
               for line, message in yaml_slips.special_first_anywhere(yaml_text, first_line)]
    return slipped + special or [refused]


def _read_mapping(doc: Document, loader, node: yaml.MappingNode, first_line: int) -> list[Problem]:
    """Construct the front matter key by key, so a bad value is reported at its own line."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = key_node.value
        line = first_line + key_node.start_mark.line
        if key in seen:
            problems.append(Problem(doc.shown, line, f"{key} 写了两次，请删掉其中一个。"))
            continue
        seen.add(key)
        doc.lines[(key,)] = line
        _record_lines(doc, value_node, first_line, (key,))
        try:
            doc.meta[key] = loader.construct_object(value_node, deep=True)
        except ValueError:
            # PyYAML raises ValueError, not YAMLError, for impossible dates such as 2026-02-30.
            problems.append(Problem(doc.shown, first_line + value_node.start_mark.line,
                                    f"{key} 的值“{value_node.value}”不是真实存在的日期，请核对月份和日期。"))
            doc.bad_keys.add(key)
        except yaml.YAMLError:
            problems.append(Problem(doc.shown, line, f"{key} 的值无法读取。如果值里有特殊符号，请给整个值加英文引号。"))
            doc.bad_keys.add(key)
    return problems


def _record_lines(doc: Document, node, first_line: int, path: tuple) -> None:
    """Remember the line of every nested key and list item, for messages about them."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = path + (key_node.value,)
            doc.lines[child] = first_line + key_node.start_mark.line
            _record_lines(doc, value_node, first_line, child)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = path + (index,)
            doc.lines[child] = first_line + item.start_mark.line
            _record_lines(doc, item, first_line, child)


def yaml_problem(shown: str, yaml_text: str, error: yaml.YAMLError, first_line: int) -> Problem:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", "") or ""
    context = getattr(error, "context", "") or ""
    context_mark = getattr(error, "context_mark", None)
    if "quoted scalar" in context and context_mark is not None:
        # An unclosed quote is found at the end; the quote itself is where the fix goes.
        line = first_line + context_mark.line
        return Problem(shown, line, "引号没有配对：这一行有开头的引号，却没有结尾的引号。请补上引号。")
    line_index = mark.line if mark is not None else 0
    line = first_line + line_index
    source_lines = yaml_text.split("\n")
    source = source_lines[line_index] if line_index < len(source_lines) else ""
    key_match = _KEY_AT_LINE_START.match(source)
    key = key_match.group(1) if key_match else None

    if "nesting depth" in problem:
        return Problem(shown, line, "这一行的括号嵌套太深了。前言信息里每一项写成简单的文字或列表即可。")
    if "\t" in source:
        return Problem(shown, line, "这一行用了 Tab 键缩进，请改用空格。")
    previous = source_lines[line_index - 1] if line_index > 0 else ""
    if source[:1].isspace() and re.match(r"^[A-Za-z_][\w-]*:\s*\S", previous):
        # "title: 好" then "  date: …": the stray spaces glue the line to the title above.
        return Problem(shown, line, "这一行前面多了空格：同一层的字段要左边对齐，请删掉行首的空格。")
    if "mapping values are not allowed" in problem:
        if key == "title":
            return Problem(shown, line, "标题里有英文冒号“:”，请给整个标题加引号，例如 title: \"学习体会: 第一讲\"。")
        what = f"{key} 的值" if key else "这一行的值"
        return Problem(shown, line, f"{what}里有英文冒号“:”，请给整个值加引号，或改用中文冒号“：”。")
    if "could not find expected ':'" in problem:
        return Problem(shown, line, "这一行缺少英文冒号：每一行应写成“名称: 值”，冒号后面空一格。")
    if any(words in problem for words in ("expected <block end>", "did not find expected key", "bad indentation")):
        return Problem(shown, line, "这一行的缩进不对：同一层的行要左边对齐，列表项写成“  - 值”。")
    if "cannot start any token" in problem or "found undefined alias" in problem or "found unknown escape" in problem:
        return Problem(shown, line, "这一行的值里有 YAML 的特殊符号。"
                                    "请给整个值加英文引号，例如 title: \"@全体党员：学习通知\"。")
    return Problem(shown, line, "前言信息这一行的写法有误。每一行写成“名称: 值”（英文冒号后空一格）；"
                                "值里有特殊符号时请给整个值加英文引号。请对照编辑指南里的示例检查这一行。")


def meta_date(value) -> dt.date | None:
    """A date from front matter: `2026-06-28`, or the blog's `{created: ...}`."""
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


WEEKDAYS = "一二三四五六日"
CHINA = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")  # the bureau's "today"; no daylight saving since 1991


def chinese_date(day: dt.date, weekday: bool = False) -> str:
    text = f"{day.year}年{day.month}月{day.day}日"
    return text + f" 星期{WEEKDAYS[day.weekday()]}" if weekday else text
