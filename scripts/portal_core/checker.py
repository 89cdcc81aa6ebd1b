"""The editors' check: every file in docs/ read and validated, every problem collected.

The same function serves `python scripts/portal.py check` and every MkDocs build.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import links, morning_pages, nav_check, schema
from .content import meta_date, read_document
from .docs_files import scan_docs
from .markdown_text import markup_cost_problem
from .morning import MorningArchive, MorningItem
from .problems import Problem
from .sections import ACTIVITY, LECTURE, MORNING, MORNING_DIR, kind_of
from .site_config import Settings


@dataclass
class CheckResult:
    archive: MorningArchive
    problems: list[Problem] = field(default_factory=list)
    pages_checked: int = 0


def check_content(settings: Settings, settings_problems: list[Problem] = ()) -> CheckResult:
    files = scan_docs(settings.docs_dir, settings.shown)
    problems = list(settings_problems) + files.problems
    items: list[MorningItem] = []
    morning_dates: dict = defaultdict(list)  # date -> [(shown path, line)], valid or not
    pages = 0
    page_links: dict[str, links.PageLinks] = {}
    verdicts: dict[tuple, _FileVerdict] = {}
    for path in files.markdown:
        verdict = _verdict(path, settings, verdicts)
        problems.extend(verdict.problems)
        if verdict.links is None:
            continue  # unreadable or empty: nothing more to say about it
        page_links[verdict.src] = verdict.links
        if verdict.date:
            morning_dates[verdict.date].append((verdict.shown, verdict.date_line))
        if verdict.item:
            items.append(verdict.item)
        pages += verdict.is_page
    _verdicts.clear()
    _verdicts.update(verdicts)
    problems.extend(_duplicate_dates(morning_dates))
    archive = MorningArchive(items, settings.topics)
    shown = lambda src: settings.shown(settings.docs_dir / src)  # noqa: E731
    problems.extend(links.check(page_links, files.published, shown, morning_pages.generated_srcs(archive)))
    markdown_srcs = [path.relative_to(settings.docs_dir).as_posix() for path in files.markdown]
    problems.extend(nav_check.nav_problems(settings.root, settings.config_file, settings.mkdocs, markdown_srcs, shown))
    return CheckResult(
        archive=archive,
        problems=sorted(set(problems)),
        pages_checked=pages,
    )


@dataclass(frozen=True)
class _FileVerdict:
    """What the check found in one file on its own: kept while the file is unchanged."""
    src: str
    shown: str
    problems: tuple[Problem, ...]
    links: links.PageLinks | None  # None: unreadable or empty
    date: dt.date | None = None  # a 晨学 item's date, for the duplicate check
    date_line: int = 1
    item: MorningItem | None = None
    is_page: bool = False


# The preview checks the whole archive after every save: files that did not change since the
# last check (same size, time and inode, same settings) are not read again.
_verdicts: dict[tuple, _FileVerdict] = {}


def _verdict(path: Path, settings: Settings, seen: dict[tuple, _FileVerdict]) -> _FileVerdict:
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino, settings)
    verdict = _verdicts.get(key) or _read_verdict(path, settings)
    seen[key] = verdict
    return verdict


def _read_verdict(path: Path, settings: Settings) -> _FileVerdict:
    src = path.relative_to(settings.docs_dir).as_posix()
    doc, read_problems = read_document(path, settings.shown(path))
    if read_problems and doc.meta is None and not doc.body:
        return _FileVerdict(src, doc.shown, tuple(read_problems), None)
    if too_costly := markup_cost_problem(doc.body, doc.body_line):
        # Nothing else reads this text: each of Markdown's and the check's own patterns would take minutes.
        return _FileVerdict(src, doc.shown, (*read_problems, Problem(doc.shown, *too_costly)), links.PageLinks(src))
    page_links = links.read_links(src, doc.body, doc.body_line)
    problems = list(read_problems)
    kind = kind_of(src)
    if kind is MORNING:
        day = meta_date((doc.meta or {}).get("date"))
        item, item_problems = schema.check_morning(doc, settings)
        known_day = day if day and "date" not in doc.bad_keys else None
        return _FileVerdict(src, doc.shown, tuple(problems + item_problems), page_links,
                            known_day, doc.line_of("date"), item)
    if src.startswith(MORNING_DIR + "/") and src.rsplit(".", 1)[0] != f"{MORNING_DIR}/index":
        problems.append(Problem(doc.shown, 1,
                                "晨学文件要放在 morning/年份/ 文件夹里，文件名是日期，例如 morning/2026/2026-03-05.md。"))
    elif kind is LECTURE:
        problems.extend(schema.check_lecture(doc, settings))
    elif kind is ACTIVITY:
        problems.extend(schema.check_activity(doc, settings))
    else:
        problems.extend(schema.check_page(doc, settings, kind))
    return _FileVerdict(src, doc.shown, tuple(problems), page_links, is_page=True)


def _duplicate_dates(morning_dates: dict) -> list[Problem]:
    """Two files with one date: typically a copied item whose date was not changed."""
    problems = []
    for day, places in morning_dates.items():
        for shown, line in places:
            others = "、".join(other for other, _ in places if other != shown)
            if others:
                problems.append(Problem(shown, line, f"日期 {day.isoformat()} 与 {others} 重复：每天只能有一条晨学。"
                                                     "请改正日期，文件名也要一起改。"))
    return problems
