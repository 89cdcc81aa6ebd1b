"""The editors' check: every file in docs/ read and validated, every problem collected.

The same function serves `python scripts/portal.py check` and every MkDocs build.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from . import links, morning_pages, nav_check, schema
from .content import meta_date, read_document
from .docs_files import scan_docs
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
    for path in files.markdown:
        src = path.relative_to(settings.docs_dir).as_posix()
        doc, read_problems = read_document(path, settings.shown(path))
        problems.extend(read_problems)
        if read_problems and doc.meta is None and not doc.body:
            continue  # unreadable or empty: nothing more to say about it
        page_links[src] = links.read_links(src, doc.body, doc.body_line)
        kind = kind_of(src)
        if kind is MORNING:
            day = meta_date((doc.meta or {}).get("date"))
            if day and "date" not in doc.bad_keys:
                morning_dates[day].append((doc.shown, doc.line_of("date")))
            item, item_problems = schema.check_morning(doc, settings)
            problems.extend(item_problems)
            if item:
                items.append(item)
            continue
        pages += 1
        if src.startswith(MORNING_DIR + "/") and src.rsplit(".", 1)[0] != f"{MORNING_DIR}/index":
            problems.append(Problem(doc.shown, 1,
                                    "晨学文件要放在 morning/年份/ 文件夹里，文件名是日期，例如 morning/2026/2026-03-05.md。"))
        elif kind is LECTURE:
            problems.extend(schema.check_lecture(doc, settings))
        elif kind is ACTIVITY:
            problems.extend(schema.check_activity(doc, settings))
        else:
            problems.extend(schema.check_page(doc, settings, kind))
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
