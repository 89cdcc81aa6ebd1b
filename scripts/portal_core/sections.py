"""The kinds of content file, in one place: where each lives, its table of fields, its search section.

The check, the build, the search index and its box (the hook hands `search_sections()` to the
templates), `new` and `import` all ask this module for folders, search codes and allowed keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from .contract import ACTIVITY_FIELDS, CHAPTER_FIELDS, LECTURE_FIELDS, MORNING_FIELDS, PAGE_FIELDS, Field

MANUALS_DIR = "manuals"
LECTURES_DIR = "lectures"
ACTIVITIES_DIR = "activities"
ACTIVITY_POSTS_DIR = "activities/posts"
MORNING_DIR = "morning"
MORNING_INDEX = f"{MORNING_DIR}/index.json"  # every item in plain text, for the landing page and the kiosk
KIOSK_PAGE = "kiosk/index.md"

# What MkDocs renders as a page (mkdocs.utils.markdown_extensions): each is checked alike.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


@dataclass(frozen=True)
class Kind:
    name: str  # "morning", "lecture", ...
    table: tuple[Field, ...]  # every front-matter field it may hold (contract.py), nothing else
    search_code: int  # the section of the search index (0: other pages)
    search_name: str  # the section's name on its search button and result badges
    search_weight: float  # how a result of the section ranks against the others

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(field.key for field in self.table)


MORNING = Kind("morning", MORNING_FIELDS, 4, "晨学", 0.85)
LECTURE = Kind("lecture", LECTURE_FIELDS, 2, "党课", 1.05)
ACTIVITY = Kind("activity", ACTIVITY_FIELDS, 3, "活动", 1.0)
CHAPTER = Kind("chapter", CHAPTER_FIELDS, 1, "手册", 1.15)  # manuals first, the daily items last
PAGE = Kind("page", PAGE_FIELDS, 0, "页面", 0.9)
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
