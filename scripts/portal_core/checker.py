"""The editors' check: every file in docs/ read and validated, every problem collected.

The same function serves `python scripts/portal.py check` and every MkDocs build.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import html_policy, links, morning_pages, nav_check, prose, schema
from .content import Document, meta_date, read_document
from .docs_files import scan_docs
from .markdown_text import markup_cost_problem
from .morning import MorningArchive, MorningItem
from .problems import Problem
from .sections import ACTIVITY, CHAPTER, LECTURE, MORNING, MORNING_DIR, kind_of
from .site_config import Settings


@dataclass
class CheckResult:
    archive: MorningArchive
    problems: list[Problem] = field(default_factory=list)
    pages_checked: int = 0
    # The lectures, activity reports and manual chapters as the check read them, by source below
    # docs/: the build lists them and makes the kiosk's cards from here instead of reading them again.
    documents: dict[str, Document] = field(default_factory=dict)


def check_content(settings: Settings, settings_problems: list[Problem] = (), render=None,
                  remembered: Remembered | None = None) -> CheckResult:
    """Every file in docs/ checked; `render` is Markdown as the build renders it (by default read from
    the project's mkdocs.yml), for what the sanitizer would take out of the rendered page. With
    `remembered`, a file unchanged since the last check through it is not read again."""
    files = scan_docs(settings.docs_dir, settings.shown)
    render = render or _project_renderer(settings.root / settings.config_file)
    problems = list(settings_problems) + files.problems
    items: list[MorningItem] = []
    morning_dates: dict = defaultdict(list)  # date -> [(shown path, line)], valid or not
    pages = 0
    page_links: dict[str, links.PageLinks] = {}
    documents: dict[str, Document] = {}
    remembered = remembered if remembered is not None else Remembered()
    verdicts: dict[tuple, _FileVerdict] = {}
    for path in files.markdown:
        verdict = _verdict(path, settings, remembered.verdicts, verdicts, render)
        problems.extend(verdict.problems)
        if verdict.links is None:
            continue  # unreadable or empty: nothing more to say about it
        page_links[verdict.src] = verdict.links
        if verdict.date:
            morning_dates[verdict.date].append((verdict.shown, verdict.date_line))
        if verdict.item:
            items.append(verdict.item)
        pages += verdict.is_page
        if verdict.doc is not None:
            documents[verdict.src] = verdict.doc
    remembered.verdicts = verdicts  # this check's files only: a removed file is forgotten
    problems.extend(_duplicate_dates(morning_dates))
    problems.extend(_same_address([path.relative_to(settings.docs_dir).as_posix() for path in files.markdown],
                                  lambda src: settings.shown(settings.docs_dir / src)))
    archive = MorningArchive(items, settings.topics)
    shown = lambda src: settings.shown(settings.docs_dir / src)  # noqa: E731
    problems.extend(links.check(page_links, files.published, shown, morning_pages.generated_srcs(archive)))
    markdown_srcs = [path.relative_to(settings.docs_dir).as_posix() for path in files.markdown]
    problems.extend(nav_check.nav_problems(settings.root, settings.config_file, settings.mkdocs, markdown_srcs, shown))
    return CheckResult(
        archive=archive,
        problems=sorted(set(problems)),
        pages_checked=pages,
        documents=documents,
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
    doc: Document | None = None  # a lecture's, activity report's or chapter's, for the lists and cards


class Remembered:
    """What the check found in each file, kept by its caller from one check to the next: the
    preview checks the whole archive after every save, and publish checks before its build does.
    A file that did not change (same size, time and inode, same settings) is not read again."""

    def __init__(self) -> None:
        self.verdicts: dict[tuple, _FileVerdict] = {}



def _verdict(path: Path, settings: Settings, earlier: dict[tuple, _FileVerdict], seen: dict[tuple, _FileVerdict],
             render) -> _FileVerdict:
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino, settings)
    verdict = earlier.get(key) or _read_verdict(path, settings, render)
    seen[key] = verdict
    return verdict


def _read_verdict(path: Path, settings: Settings, render) -> _FileVerdict:
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
        problems += item_problems
        return _FileVerdict(src, doc.shown, tuple(problems + _rendered_problems(doc, render, problems)), page_links,
                            known_day, doc.line_of("date"), item)
    if src.startswith(MORNING_DIR + "/") and src.rsplit(".", 1)[0] != f"{MORNING_DIR}/index":
        problems.append(Problem(doc.shown, 1,
                                "晨学文件要放在 morning/年份/ 文件夹里，文件名是日期，例如 morning/2026/2026-03-05.md"
                                "。"))
    elif kind is LECTURE:
        problems.extend(schema.check_lecture(doc, settings))
    elif kind is ACTIVITY:
        problems.extend(schema.check_activity(doc, settings))
    else:
        problems.extend(schema.check_page(doc, settings, kind))
    problems += _rendered_problems(doc, render, problems)
    listed = doc if kind in (LECTURE, ACTIVITY, CHAPTER) else None
    return _FileVerdict(src, doc.shown, tuple(problems), page_links, is_page=True, doc=listed)


# Without one of these, Markdown makes no tag or attribute the sanitizer would take out.
_MARKUP = ("<", "{", "[", "&", "\\")
RENDERED_SHOWN = 20  # problems found in the rendered page said one by one; the rest counted


def _rendered_problems(doc, render, found: list[Problem]) -> list[Problem]:
    """What the sanitizer would take out of the page as Markdown renders it, at the source line where
    it is written, unless the scan of the source already said the same there: so a check that
    passes means the page is published as written. A page over its length limit is not rendered
    (that limit is said already)."""
    if not any(mark in doc.body for mark in _MARKUP) or len(doc.body) > schema.PAGE_TEXT_LIMIT:
        return []
    starts = [0] + [match.end() for match in re.finditer("\n", doc.body)]
    first_text = len(doc.body) - len(doc.body.lstrip("\n"))  # a fault not found in the text is said there
    said = {(problem.line, problem.message) for problem in found}
    seen: Counter = Counter()  # the same fault written twice is found at its first place, then its second
    removed = html_policy.removals(render(prose.as_paragraphs(doc.body)))
    problems = []
    for written, message in removed[:RENDERED_SHOWN]:
        at = _place_of(doc.body, written, seen[message])
        seen[message] += 1
        line = doc.body_line + (bisect.bisect_right(starts, at) - 1 if at >= 0 else first_text)
        if (line, message) not in said:
            problems.append(Problem(doc.shown, line, message))
            said.add((line, message))
    if len(removed) > RENDERED_SHOWN and problems:  # (when the scan said the first ones, it says the rest too)
        problems.append(Problem(doc.shown, doc.body_line + first_text,
                                f"这一页另有 {len(removed) - RENDERED_SHOWN} 处内容生成网站时会被删除。"
                                "请先改正上面列出的几处，再运行检查。"))
    return problems


def _place_of(body: str, written: list[str], nth: int) -> int:
    """Where the first of these forms that the text holds is written (its nth time, or its last),
    each also tried with Markdown's backslash escapes and as HTML; else the longest start of the
    last form (six characters at least); -1 when none is found."""
    for form in (form[:60] for form in written):
        for variant in (form, _MARKDOWN_ESCAPED.sub(r"\\\1", form), html.escape(form, quote=False)):
            places, at = [], body.find(variant)
            while at >= 0 and len(places) <= nth:
                places.append(at)
                at = body.find(variant, at + 1)
            if places:
                return places[min(nth, len(places) - 1)]
    last = written[-1][:60]
    for length in range(len(last) - 1, min(len(last), 6) - 1, -1):
        if (at := body.find(last[:length])) >= 0:
            return at
    return -1


_MARKDOWN_ESCAPED = re.compile(r"([<>`*_{}\[\]])")


@functools.lru_cache(maxsize=4)
def _renderer(config_file: str, changed: int | None):
    from .rendering import markdown_renderer, renderer

    if changed is None:  # a docs folder checked on its own: Markdown with MkDocs' own extensions
        return renderer(["toc", "tables", "fenced_code", "attr_list", "md_in_html"], {})
    return markdown_renderer(Path(config_file))


def _project_renderer(config_file: Path):
    """Markdown as mkdocs.yml says, read again only when mkdocs.yml changed; MkDocs' configuration
    is loaded on the first page with markup, not for a check that needs none."""
    changed = config_file.stat().st_mtime_ns if config_file.is_file() else None
    return lambda text: _renderer(str(config_file), changed)(text)


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


def _address(src: str) -> str:
    """The address MkDocs gives a page: `kiosk/dup.md` and `kiosk/dup/index.md` are both /kiosk/dup/."""
    stem = src.rsplit(".", 1)[0]
    name = stem.rsplit("/", 1)[-1]
    return stem[: -len(name)] if name in ("index", "README") else stem + "/"


def _same_address(srcs: list[str], shown) -> list[Problem]:
    """Two files that become one page: whichever MkDocs writes last would silently replace the other."""
    by_address = defaultdict(list)
    for src in srcs:
        by_address[_address(src)].append(src)
    problems = []
    for address, group in by_address.items():
        for src in group if len(group) > 1 else ():
            others = "、".join(shown(other) for other in group if other != src)
            problems.append(Problem(shown(src), 1, f"这个文件和 {others} 会生成同一个网址 /{address}，"
                                                   "一个会覆盖另一个。"
                                                   "请删除其中一个，或给它改个名字。"))
    return problems
