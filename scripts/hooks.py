"""MkDocs glue: a few event functions that hand the work to portal_core.

MkDocs puts this file's folder on sys.path only while it loads the hook,
so the core is imported here at the top, never inside an event.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from portal_core import build_messages, listings

# Markers editors may place in a page; each is replaced by a generated list.
LATEST_ACTIVITIES = "<!-- portal:latest-activities -->"
LATEST_LECTURES = "<!-- portal:latest-lectures -->"
ALL_LECTURES = "<!-- portal:all-lectures -->"
HOME_LIMIT = 3

# jieba announces loading its dictionary on every build; editors need not read that.
# Set at import: the search plugin loads the dictionary before any hook event runs.
logging.getLogger("jieba").setLevel(logging.INFO)

# MkDocs loggers whose warnings editors trigger with a wrong link or a forgotten nav entry.
_EDITOR_FACING_LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav")


class _ChineseMessages(logging.Filter):
    """Rewrites MkDocs' link and nav warnings into Chinese, keeping their level."""

    def __init__(self, docs_dir: str) -> None:
        super().__init__("portal-chinese-messages")
        self.docs_dir = docs_dir

    def filter(self, record: logging.LogRecord) -> bool:
        chinese = build_messages.translate(record.getMessage(), self.docs_dir)
        if chinese:
            record.msg, record.args = chinese, None
        return True


def on_config(config: MkDocsConfig) -> None:
    # Editors run the build from the project folder: name files as they see them.
    shown_dir = Path(os.path.relpath(config.docs_dir)).as_posix()
    for name in _EDITOR_FACING_LOGGERS:
        logger = logging.getLogger(name)
        # `mkdocs serve` reloads this module on every rebuild: replace, never stack, the filter.
        for old in [f for f in logger.filters if getattr(f, "name", "") == "portal-chinese-messages"]:
            logger.removeFilter(old)
        logger.addFilter(_ChineseMessages(shown_dir))


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    docs_dir = Path(config.docs_dir)
    src = page.file.src_uri
    if LATEST_ACTIVITIES in markdown:
        latest = listings.load_activities(docs_dir)[:HOME_LIMIT]
        markdown = markdown.replace(LATEST_ACTIVITIES, listings.activity_cards(latest, src))
    if LATEST_LECTURES in markdown:
        latest = listings.load_lectures(docs_dir)[:HOME_LIMIT]
        markdown = markdown.replace(LATEST_LECTURES, listings.lecture_cards(latest, src))
    if ALL_LECTURES in markdown:
        markdown = markdown.replace(ALL_LECTURES, listings.lecture_table(listings.load_lectures(docs_dir), src))
    if src.startswith(listings.LECTURES_DIR + "/") and not src.endswith("index.md"):
        lecture = listings.read_lecture(docs_dir, Path(page.file.abs_src_path))
        markdown = listings.lecture_header(lecture) + markdown
    return markdown
