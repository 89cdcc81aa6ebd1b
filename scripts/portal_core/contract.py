"""What each kind of content file may hold, as data: one table of fields per kind.

The check (schema.py), the YAML slips (yaml_slips.py), the spreadsheet importer's columns,
`portal.py new` and its help, morning/index.json, the release check and the kiosk's question
limits all read these tables; an editing desk can build its forms from them. Nothing here
imports the rest of the portal.
"""

from __future__ import annotations

from dataclasses import dataclass

# Field types.
TEXT = "text"  # one line of plain text
DATE = "date"  # 2026-03-05 (an activity may also write {created: …, updated: …})
CHOICE = "choice"  # text from a list: `choices`, or the settings list named by `choices_from`
LIST = "list"  # a YAML list of texts, each from `choices_from` when it is set
LETTER = "letter"  # the letter of an option: A, B, ...
QUESTION = "question"  # the 每日一题 block, whose own fields are QUESTION_FIELDS
FLAGS = "flags"  # Material's `hide:` list, each from `choices`
EXCLUDE = "exclude"  # Material's `search: {exclude: true}`

LECTURE_KINDS = ("书记讲党课", "微党课")
# Material's `hide:` values that only switch parts of a page off.
HIDE_VALUES = ("navigation", "toc", "footer", "path", "tags")


@dataclass(frozen=True)
class Field:
    key: str  # as written in the front matter
    label: str  # its Chinese name, in every message and form about it
    type: str  # one of the types above
    required: bool = False
    column: str = ""  # the spreadsheet column `portal.py import` reads it from
    help: str = ""  # one line for an editor: what to write
    choices: tuple[str, ...] = ()  # the fixed values a CHOICE or FLAGS field may take
    choices_from: str = ""  # "topics" or "branches": the settings list its values must be in
    min_items: int = 0  # a LIST's bounds (0: none)
    max_items: int = 0
    in_index: bool = False  # carried into morning/index.json (the kiosk and other readers)

    @property
    def named(self) -> str:
        """How messages name it: 标题 title."""
        return f"{self.label} {self.key}"


MAX_OPTIONS = 6
LETTERS = "ABCDEFGHIJ"[:MAX_OPTIONS]  # an answer's letter: the first option is A

QUESTION_FIELDS = (
    Field("prompt", "题目", TEXT, required=True, column="每日一题", help="一句话的题目"),
    Field("options", "选项", LIST, required=True, column="选项", min_items=2, max_items=MAX_OPTIONS,
          help=f"2 到 {MAX_OPTIONS} 个选项，每项一行"),
    Field("answer", "答案", LETTER, required=True, column="答案", help="正确选项的字母：第一个选项是 A"),
    Field("explain", "解析", TEXT, column="解析", help="答案的解析，可以不写"),
)

MORNING_FIELDS = (
    Field("title", "标题", TEXT, required=True, column="标题", in_index=True, help="这一条的标题"),
    Field("date", "日期", DATE, required=True, column="日期", in_index=True,
          help="哪一天的晨学，例如 2026-12-01；文件名也是这个日期"),
    Field("topic", "主题", CHOICE, required=True, column="主题", choices_from="topics", in_index=True,
          help="主题列表（docs/morning/topics.yml）里的一个"),
    Field("tags", "标签", LIST, column="标签", in_index=True, help="几个关键词，可以不写"),
    Field("source", "出处", TEXT, column="出处", help="内容的出处，例如《中国共产党纪律处分条例》，可以不写"),
    Field("summary", "摘要", TEXT, in_index=True, help="一两句话的摘要；不写就用正文的第一段"),
    Field("question", "每日一题", QUESTION, in_index=True, help="一道选择题，可以不写"),
)
# The spreadsheet column that becomes an item's text (not front matter).
BODY_COLUMN = "正文"

LECTURE_FIELDS = (
    Field("title", "标题", TEXT, required=True, help="讲稿的标题"),
    Field("date", "日期", DATE, required=True, help="讲课的日期，例如 2026-03-05"),
    Field("speaker", "主讲人", TEXT, required=True, help="主讲人的姓名和职务"),
    Field("branch", "支部", CHOICE, required=True, choices_from="branches", help="支部列表里的一个"),
    Field("kind", "类别", CHOICE, required=True, choices=LECTURE_KINDS, help="、".join(LECTURE_KINDS) + "之一"),
    Field("tags", "标签", LIST, help="几个关键词，可以不写"),
    Field("summary", "摘要", TEXT, help="一两句话的摘要；不写就用正文的第一段"),
)

ACTIVITY_FIELDS = (
    Field("title", "标题", TEXT, required=True, help="报道的标题"),
    Field("date", "日期", DATE, required=True, help="活动的日期，例如 2026-03-05"),
    Field("categories", "支部", LIST, required=True, choices_from="branches", help="举办活动的支部，每个一行"),
    Field("tags", "标签", LIST, help="几个关键词，可以不写"),
)

CHAPTER_FIELDS = (
    Field("title", "标题", TEXT, required=True, help="本章的标题"),
    Field("tags", "标签", LIST, help="几个关键词，可以不写"),
)

PAGE_FIELDS = (
    Field("title", "标题", TEXT, help="页面的标题，不写就用正文的第一个标题"),
    Field("tags", "标签", LIST, help="几个关键词，可以不写"),
    Field("hide", "隐藏", FLAGS, choices=HIDE_VALUES, help="不显示的部分"),
    Field("search", "搜索", EXCLUDE, help="写成 exclude: true，这一页不进搜索"),
)

ALL_TABLES = (MORNING_FIELDS, QUESTION_FIELDS, LECTURE_FIELDS, ACTIVITY_FIELDS, CHAPTER_FIELDS, PAGE_FIELDS)


def keys(table: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(field.key for field in table)


def required_keys(table: tuple[Field, ...]) -> tuple[str, ...]:
    return tuple(field.key for field in table if field.required)


def field(table: tuple[Field, ...], key: str) -> Field:
    return next(f for f in table if f.key == key)


# Chinese names of every key, for the messages about a key whatever the kind.
LABELS = {f.key: f.named for table in ALL_TABLES for f in table}
# Keys whose value is free text, at any depth: a special first character or a `#` there is a slip.
TEXT_KEYS = tuple(dict.fromkeys(f.key for table in ALL_TABLES for f in table if f.type in (TEXT, CHOICE)))
# What every entry of morning/index.json holds (its `question` only when the item has one).
INDEX_KEYS = tuple(f.key for f in MORNING_FIELDS if f.in_index and f.type != QUESTION) + ("url",)


def question_limits() -> dict:
    """The 每日一题 limits the kiosk checks index.json against, passed in its page config."""
    options = field(QUESTION_FIELDS, "options")
    return {"letters": LETTERS, "min_options": options.min_items, "max_options": options.max_items,
            "index_keys": list(INDEX_KEYS)}
