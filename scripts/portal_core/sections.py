"""The kinds of content file, in one place: where each lives and which front matter it may hold.

The check, the build, the search index and its box (the hook hands `search_sections()` to the
templates), `new` and `import` all ask this module for folders, search codes and allowed keys.
"""

from __future__ import annotations

from dataclasses import dataclass

MANUALS_DIR = "manuals"
LECTURES_DIR = "lectures"
ACTIVITIES_DIR = "activities"
ACTIVITY_POSTS_DIR = "activities/posts"
MORNING_DIR = "morning"
KIOSK_PAGE = "kiosk/index.md"

# What MkDocs renders as a page (mkdocs.utils.markdown_extensions): each is checked alike.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")

# Chinese names of the front-matter keys, used in every message about them.
LABELS = {
    "title": "标题 title",
    "date": "日期 date",
    "topic": "主题 topic",
    "tags": "标签 tags",
    "source": "出处 source",
    "summary": "摘要 summary",
    "question": "每日一题 question",
    "speaker": "主讲人 speaker",
    "branch": "支部 branch",
    "kind": "类别 kind",
    "categories": "支部 categories",
    "hide": "隐藏 hide",
    "search": "搜索 search",
}

LECTURE_KINDS = ("书记讲党课", "微党课")
# Material's `hide:` values that only switch parts of a page off.
HIDE_VALUES = ("navigation", "toc", "footer", "path", "tags")


@dataclass(frozen=True)
class Kind:
    name: str  # "morning", "lecture", ...
    fields: tuple[str, ...]  # every front-matter key it may hold, nothing else
    search_code: int  # the section of the search index (0: other pages)
    search_name: str  # the section's name on its search button and result badges
    search_weight: float  # how a result of the section ranks against the others


MORNING = Kind("morning", ("title", "date", "topic", "tags", "source", "summary", "question"), 4, "晨学", 0.85)
LECTURE = Kind("lecture", ("title", "date", "speaker", "branch", "kind", "tags", "summary"), 2, "党课", 1.05)
ACTIVITY = Kind("activity", ("title", "date", "categories", "tags"), 3, "活动", 1.0)
CHAPTER = Kind("chapter", ("title", "tags"), 1, "手册", 1.15)  # manuals first, the daily items last
PAGE = Kind("page", ("title", "tags", "hide", "search"), 0, "页面", 0.9)
SEARCH_SECTIONS = (CHAPTER, LECTURE, ACTIVITY, MORNING)  # in the order of the search box's buttons
# The top folder of each searched kind (a 晨学 item, a lecture... is found by its URL's first part).
SECTION_FOLDERS = {MANUALS_DIR: CHAPTER, LECTURES_DIR: LECTURE, ACTIVITIES_DIR: ACTIVITY, MORNING_DIR: MORNING}


def search_sections() -> list[dict]:
    """The search box's sections as its template shows them (code, name, weight)."""
    return [{"code": kind.search_code, "name": kind.search_name, "weight": kind.search_weight}
            for kind in (PAGE, *SEARCH_SECTIONS)]


def is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_SUFFIXES)


def is_morning_item(src: str) -> bool:
    """`morning/<year>/<anything>`: the 晨学 rules apply, and name the file's fault if any."""
    parts = src.split("/")
    return len(parts) == 3 and parts[0] == MORNING_DIR and parts[1].isdigit()


def kind_of(src: str) -> Kind:
    """The kind of a Markdown file by its path below docs/."""
    if is_morning_item(src):
        return MORNING
    folder, _, name = src.rpartition("/")
    is_index = name.rsplit(".", 1)[0] == "index"
    if folder == LECTURES_DIR and not is_index:
        return LECTURE
    if src.startswith(ACTIVITY_POSTS_DIR + "/"):
        return ACTIVITY
    if src.startswith(MANUALS_DIR + "/") and folder != MANUALS_DIR:
        return CHAPTER
    return PAGE


def search_code(url: str) -> int:
    """The search section of a built page by its URL below the site root."""
    kind = SECTION_FOLDERS.get(url.split("/", 1)[0]) if "/" in url else None
    return kind.search_code if kind else PAGE.search_code


def section_of(src: str) -> str:
    """The part of the site a page belongs to, by its top folder (its tab): "manuals", "morning"…;
    a page at the top is its own ("index", "tags")."""
    return src.split("/", 1)[0] if "/" in src else src.rsplit(".", 1)[0]
