"""What each section's front matter and body must hold, and the Chinese message when it does not."""

from __future__ import annotations

import datetime as dt
import re

from . import html_policy
from .content import Document, meta_date
from .contract import (
    CHOICE,
    DATE,
    EXCLUDE,
    FLAGS,
    LABELS,
    LETTERS,
    LIST,
    QUESTION,
    QUESTION_FIELDS,
    TEXT,
    Field,
    field,
    keys,
    required_keys,
)
from .markdown_text import first_paragraph
from .morning import MorningItem, Question, count_text, item_src
from .problems import Problem, shortened
from .sections import ACTIVITY, CHAPTER, LECTURE, MORNING, Kind
from .site_config import SETTINGS_FILE, TOPICS_FILE, Settings

SUMMARY_LENGTH = 120
# The body `portal.py new` writes; an item still holding it was never written.
NEW_ITEM_BODY = ("在这里写今天的学习内容：三分钟能读完，大约 500 到 1000 字。\n\n"
                 "需要“每日一题”的，在上面的前言信息里加 question，格式见门户的编辑指南。")
UNWRITTEN = "正文还是新建时的提示文字，请换成今天的学习内容（提示的两段都删掉）。"
MORNING_TEXT_LIMIT = 20_000  # characters: a three-minute item is about 600
PAGE_TEXT_LIMIT = 100_000  # a long manual chapter is about 10,000

_TAG_LIKE = re.compile(r"<\s*[A-Za-z/!?]")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


class _Fields:
    """Reads typed values from a document's front matter, collecting problems as it goes."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.meta = doc.meta or {}
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.doc.shown, line, message))

    def has(self, key: str) -> bool:
        return key in self.meta and key not in self.doc.bad_keys

    def text(self, key: str, required: bool = False) -> str:
        label = LABELS.get(key, key)
        if key in self.doc.bad_keys:
            return ""
        value = self.meta.get(key)
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if required and key not in self.meta:
                self.problem(self.doc.line_of(key), f"缺少{label}：请在前言信息里加一行“{key}: …”，冒号后面空一格。")
            elif required:
                self.problem(self.doc.line_of(key), f"{label} 是空的，请填写。")
            return ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # a title such as 2026 is still text
        if not isinstance(value, str):
            self.problem(self.doc.line_of(key), f"{label} 应该是一段文字，请检查这一行的写法。")
            return ""
        self.plain(value, label, (key,))
        return value

    def plain(self, value: str, label: str, key_path: tuple) -> None:
        """Front matter is text: shown as typed on the page, in lists, in search and on the kiosk."""
        line = self.doc.line_of(*key_path)
        if _TAG_LIKE.search(value):
            self.problem(line, f"{label} 里不能写 HTML 标签（如“<img …>”），只能是文字。请删去尖括号及其中的内容；"
                               "书名请用《》。")
        if entity := _ENTITY.search(value):
            self.problem(line, f"{label} 里的“{entity.group(0)}”是网页代码的写法，在不同地方会显示得不一样。"
                               "请直接写出想要的字符，例如把 &amp; 写成 &。")

    def date(self, key: str = "date") -> dt.date | None:
        label = LABELS[key]
        if key in self.doc.bad_keys:
            return None
        if key not in self.meta or self.meta[key] in (None, ""):
            self.problem(self.doc.line_of(key), f"缺少{label}：请写成“date: 2026-03-05”。")
            return None
        value = self.meta[key]
        if isinstance(value, dict):  # the blog's `date: {created: …, updated: …}`: every part a real date
            for part, part_value in value.items():
                line = self.doc.line_of(key, part)
                if part not in ("created", "updated"):
                    self.problem(line, f"{label}里只能写 created（发布日期）和 updated（更新日期），"
                                       f"不认识“{shortened(part)}”。")
                elif meta_date(part_value) is None:
                    self.problem(line, f"{label}的 {part} “{shortened(part_value)}”的写法不对，"
                                       "请写成 年-月-日，月和日都用两位数，例如 2026-03-05。")
            if "created" not in value:
                self.problem(self.doc.line_of(key), f"{label}里缺少 created（发布日期），例如 created: 2026-03-05。")
            return meta_date(value.get("created"))
        day = meta_date(value)
        if day is None:
            self.problem(self.doc.line_of(key),
                         f"{label} “{shortened(value)}”的写法不对，请写成 年-月-日，月和日都用两位数，"
                         "例如 2026-03-05。")
        return day

    def text_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        label = LABELS.get(key, key)
        if key in self.doc.bad_keys or self.meta.get(key) is None:
            if required:
                self.problem(self.doc.line_of(key), f"缺少{label}：请写成列表，例如\n{key}:\n  - 机关党支部")
            return ()
        value = self.meta[key]
        if not isinstance(value, list):
            self.problem(self.doc.line_of(key),
                         f"{label} 应该写成列表，每项一行，例如\n{key}:\n  - 廉政教育\n  - 主题党日")
            return ()
        items = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problem(self.doc.line_of(key, index), f"{label} 的每一项都应该是一段文字，请检查这一项。")
                continue
            self.plain(item, label, (key, index))
            items.append(item.strip())
        if required and not items:
            self.problem(self.doc.line_of(key), f"{label} 至少要有一项。")
        return tuple(items)

    def choice(self, key: str, allowed: tuple[str, ...] | None, where: str, required: bool = True) -> str:
        """A value from a list; `allowed` None: the list's own file has a problem, which is said instead."""
        value = self.text(key, required=required)
        if value and allowed is not None and value not in allowed:
            self.problem(self.doc.line_of(key),
                         f"{LABELS[key]} “{value}”不在可选范围内。可选：{'、'.join(allowed)}（列表在 {where}）。")
            return ""
        return value

    def read(self, field: Field, lists: dict[str, tuple[tuple[str, ...] | None, str]]):
        """A field's value as its table says it is typed; `lists` names the settings lists and their files."""
        if field.type == TEXT:
            return self.text(field.key, field.required)
        if field.type == DATE:
            return self.date(field.key)
        if field.type == CHOICE:
            allowed, where = lists[field.choices_from] if field.choices_from else (field.choices, "编辑指南")
            return self.choice(field.key, allowed, where, field.required)
        if field.type == LIST:
            items = self.text_list(field.key, field.required)
            allowed, where = lists.get(field.choices_from, (None, ""))
            for item in items:
                if allowed is not None and item not in allowed:
                    self.problem(self.doc.line_of(field.key), f"{field.label}“{item}”不在{field.label}列表里。"
                                                              f"可选：{'、'.join(allowed)}（列表在 {where}）。")
            return items
        if field.type == FLAGS:
            values = self.text_list(field.key)
            for value in values:
                if value not in field.choices:
                    self.problem(self.doc.line_of(field.key), f"{field.named} 只能从这些里选："
                                                              f"{'、'.join(field.choices)}。")
            return values
        if field.type == EXCLUDE:
            if field.key in self.meta and self.meta[field.key] != {"exclude": True}:
                self.problem(self.doc.line_of(field.key), f"{field.named} 只能写成\n{field.key}:\n  exclude: true\n"
                                                          "（这一页不进搜索）。")
            return None
        if field.type == QUESTION:
            return _question(self) if field.key in self.meta else None
        raise ValueError(f"unknown field type {field.type!r}")

    def read_all(self, kind: Kind, settings: Settings) -> dict:
        """Every field of the kind's table, read in its order; then any key the table does not know."""
        docs = settings.docs_dir.name
        lists = {"topics": (settings.topics if settings.topics_known else None, f"{docs}/{TOPICS_FILE}"),
                 "branches": (settings.branches if settings.branches_known else None,
                              f"{docs}/{SETTINGS_FILE} 的 branches")}
        values = {field.key: self.read(field, lists) for field in kind.table}
        self.unknown_keys(kind.fields)
        return values

    def unknown_keys(self, known: tuple[str, ...]) -> None:
        for key in self.meta:
            if key not in known:
                self.problem(self.doc.line_of(key),
                             f"不认识的字段“{key}”，是不是写错了？可用的字段：{'、'.join(known)}。")


def _front_matter(doc: Document, missing: str | None) -> tuple[_Fields | None, list[Problem]]:
    """The fields to check, or, when there are none to check, the problems to report."""
    if doc.unreadable:
        return None, check_body(doc)  # the reader has named what is wrong with the front matter
    if doc.meta is None:
        return None, ([Problem(doc.shown, 1, missing)] if missing else []) + check_body(doc)
    return _Fields(doc), []


def _missing_front_matter(kind: Kind, what: str) -> str:
    return (f"缺少前言信息：{what}文件第一行应该是 ---，接着写 {'、'.join(required_keys(kind.table))} 各一行，"
            "再用一行 --- 结束，然后写正文。")


def check_morning(doc: Document, settings: Settings) -> tuple[MorningItem | None, list[Problem]]:
    """A 晨学 item against the whole contract; the item when it holds."""
    fields, stop = _front_matter(doc, _missing_front_matter(MORNING, ""))
    if fields is None:
        return None, stop
    values = fields.read_all(MORNING, settings)
    day = values["date"]
    if day is not None:
        _check_morning_place(fields, day)

    body = doc.body.strip()
    if not body:
        fields.problem(doc.body_line, "正文是空的：请写上今天的学习内容（写在前言信息结束的那行 --- 下面）。")
    elif NEW_ITEM_BODY.split("\n")[0] in body:
        line = doc.body_line + doc.body[: doc.body.index(NEW_ITEM_BODY.split("\n")[0])].count("\n")
        fields.problem(line, UNWRITTEN)
    problems = fields.problems + check_body(doc, MORNING_TEXT_LIMIT)
    if problems or day is None:
        return None, problems
    han, latin = count_text(doc.body)
    item = MorningItem(
        src=item_src(day),
        date=day,
        title=values["title"],
        topic=values["topic"],
        tags=values["tags"],
        source=values["source"],
        summary=values["summary"] or first_paragraph(doc.body, SUMMARY_LENGTH),
        question=values["question"],
        han_count=han,
        latin_words=latin,
    )
    return item, []


def _check_morning_place(fields: _Fields, day: dt.date) -> None:
    path = fields.doc.path
    line = fields.doc.line_of("date")
    if path.stem != day.isoformat():
        fields.problem(line, f"日期 {day.isoformat()} 和文件名 {path.name} 不一致。"
                             f"请把文件改名为 {day.isoformat()}.md，或改正日期。")
    elif path.parent.name != f"{day.year:04d}":
        fields.problem(line, f"日期是 {day.year} 年，文件却在 {path.parent.name}/ 文件夹里。"
                             f"请把文件移到 morning/{day.year:04d}/ 文件夹。")


def _question(fields: _Fields) -> Question | None:
    """The 每日一题 block against QUESTION_FIELDS: its keys, the options' bounds, the answer's letter."""
    value = fields.meta.get("question")
    line = fields.doc.line_of("question")
    prompt_f, options_f, answer_f, explain_f = (field(QUESTION_FIELDS, key) for key in keys(QUESTION_FIELDS))
    low, high = options_f.min_items, options_f.max_items
    example = "例如\nquestion:\n  prompt: 题目\n  options:\n    - 选项一\n    - 选项二\n  answer: A"
    if "question" in fields.doc.bad_keys:
        return None
    if not isinstance(value, dict):
        needed = "、".join(f"{f.key}（{f.label}）" for f in QUESTION_FIELDS if f.required)
        fields.problem(line, f"每日一题 question 应该包含 {needed}，{example}")
        return None
    before = len(fields.problems)
    prompt = value.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        fields.problem(fields.doc.line_of("question", "prompt"),
                       f"每日一题缺少{prompt_f.label} {prompt_f.key}，或{prompt_f.label}不是文字。")
    else:
        fields.plain(prompt, f"每日一题的{prompt_f.label}", ("question", "prompt"))
    options = value.get("options")
    if not isinstance(options, list) or not low <= len(options) <= high:
        fields.problem(fields.doc.line_of("question", "options"),
                       f"每日一题的{options_f.label} {options_f.key} 应该是 {low} 到 {high} 项的列表，"
                       "每项一行，写成“    - 选项”。")
        options = None
    else:
        for index, option in enumerate(options):
            if not isinstance(option, (str, int, float)) or isinstance(option, bool) or not str(option).strip():
                fields.problem(fields.doc.line_of("question", "options", index),
                               f"每日一题的每个{options_f.label}都应该是一段文字。")
            else:
                fields.plain(str(option), f"每日一题的{options_f.label}", ("question", "options", index))
    answer = value.get("answer")
    answer_line = fields.doc.line_of("question", "answer")
    if not isinstance(answer, str) or len(answer.strip()) != 1 or answer.strip().upper() not in LETTERS:
        fields.problem(answer_line, f"每日一题的{answer_f.label} {answer_f.key} 应该是一个字母："
                                    "第一个选项是 A，第二个是 B，依此类推。")
    elif options is not None and LETTERS.index(answer.strip().upper()) >= len(options):
        last = LETTERS[len(options) - 1]
        fields.problem(answer_line, f"答案是 {answer.strip().upper()}，但只有 {len(options)} 个选项（A 到 {last}）。"
                                    "请改正答案或补上选项。")
    explain = value.get("explain")
    if explain is not None and not isinstance(explain, str):
        fields.problem(fields.doc.line_of("question", "explain"),
                       f"每日一题的{explain_f.label} {explain_f.key} 应该是一段文字。")
    elif explain:
        fields.plain(explain, f"每日一题的{explain_f.label}", ("question", "explain"))
    for key in value:
        if key not in keys(QUESTION_FIELDS):
            fields.problem(fields.doc.line_of("question", key),
                           f"每日一题里不认识的字段“{key}”。可用的字段：{'、'.join(keys(QUESTION_FIELDS))}。")
    if len(fields.problems) > before:
        return None
    return Question(
        prompt=prompt.strip(),
        options=tuple(str(option).strip() for option in options),
        answer=answer.strip().upper(),
        explain=(explain or "").strip(),
    )


def check_lecture(doc: Document, settings: Settings) -> list[Problem]:
    fields, stop = _front_matter(doc, _missing_front_matter(LECTURE, "党课讲稿的"))
    if fields is None:
        return stop
    fields.read_all(LECTURE, settings)
    return fields.problems + check_body(doc)


def check_activity(doc: Document, settings: Settings) -> list[Problem]:
    fields, stop = _front_matter(doc, _missing_front_matter(ACTIVITY, "活动报道的"))
    if fields is None:
        return stop
    values = fields.read_all(ACTIVITY, settings)
    # The blog plugin renders an activity's title as Markdown in its lists.
    for _line, message in html_policy.scan(values["title"]):
        fields.problem(fields.doc.line_of("title"), "标题里" + message.removeprefix("正文里"))
    return fields.problems + check_body(doc)


def check_page(doc: Document, settings: Settings, kind: Kind) -> list[Problem]:
    """A manual chapter or any other page: its few fields, a title where the section needs one."""
    missing = "缺少前言信息：请在文件开头写\n---\ntitle: 本章标题\n---" if kind is CHAPTER else None
    fields, stop = _front_matter(doc, missing)
    if fields is None:
        return stop
    fields.read_all(kind, settings)
    return fields.problems + check_body(doc)


def check_body(doc: Document, limit: int = PAGE_TEXT_LIMIT) -> list[Problem]:
    """Raw HTML may lay out a page, but nothing in it may run code, load from outside or navigate."""
    problems = [Problem(doc.shown, line, message) for line, message in html_policy.scan(doc.body, doc.body_line)]
    if len(doc.body) > limit:
        first_text_line = doc.body_line + len(doc.body) - len(doc.body.lstrip("\n"))
        problems.append(Problem(doc.shown, first_text_line,
                                f"正文有 {len(doc.body):,} 个字符，超过了上限 {limit:,}。"
                                "请把内容拆成几篇，或删去从别处粘贴进来的多余内容。"))
    return problems
