"""Making the printed booklets: each manual, and each year of 晨学, as a PDF (WeasyPrint).

A booklet is made again only when what it is made of changed: its source files (by their bytes),
the editors' print settings, the year on its cover, and the portal's booklet code and
style. Booklets are kept in .cache/print/ with a small JSON of their facts; every build publishes
those that match the content it publishes (and none that do not), so a page never links a
PDF older than itself. `portal.py print` makes them; publish runs it first.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import booklet, html_policy, prose
from .content import CHINA, read_document
from .file_digest import content_digest
from .markdown_text import md_text, relative_link
from .morning import MorningArchive
from .morning_pages import year_src
from .sections import MANUALS_DIR
from .site_config import Settings

PRINT_DIR = ".cache/print"  # below the project folder, ignored by git
EMBLEM = "assets/images/logo.svg"
_CODE = [Path(__file__).with_name(name) for name in ("booklet.py", "booklet.css", "printing.py")]
# What a Windows file name may not hold, and the braces and quotes that would end the download
# button's attributes: as their full-width forms, which read the same to a Chinese reader.
_FILE_NAME = str.maketrans('\\/:*?"<>|{}', "＼／：＊？＂＜＞｜｛｝")


@dataclass(frozen=True)
class Booklet:
    key: str  # file name in the cache, e.g. "manual-party-building"
    site_path: str  # where the site publishes it, e.g. "manuals/party-building/party-building.pdf"
    page_src: str  # the page that links it, e.g. "manuals/party-building/index.md"
    title: str
    download_name: str  # the name a reader's browser saves it under
    sources: tuple[Path, ...]
    year: int


@dataclass(frozen=True)
class Made:
    pdf: Path
    pages: int
    size: int
    digest: str


def plan(settings: Settings, archive: MorningArchive, today: dt.date | None = None) -> list[Booklet]:
    """Every booklet the content calls for: one per manual in the nav, one per year of 晨学."""
    today = today or dt.datetime.now(CHINA).date()
    booklets = []
    for slug, srcs in manual_sources(settings.mkdocs.get("nav")).items():
        index = f"{MANUALS_DIR}/{slug}/index.md"
        title = _title(settings.docs_dir / index) or slug
        booklets.append(Booklet(
            key=f"manual-{slug}", site_path=f"{MANUALS_DIR}/{slug}/{slug}.pdf", page_src=index, title=title,
            download_name=f"{title}（打印版）.pdf".translate(_FILE_NAME),
            sources=tuple(settings.docs_dir / src for src in srcs),
            year=today.year))
    for year in sorted(archive.years):
        items = [item for month in archive.months_of(year) for item in archive.by_month[month]]
        booklets.append(Booklet(
            key=f"morning-{year}", site_path=f"{year_src(year).rsplit('/', 1)[0]}/morning-{year}.pdf",
            page_src=year_src(year), title=f"晨学三分钟 {year}年合订本",
            download_name=f"晨学三分钟{year}年合订本.pdf",
            sources=tuple(settings.docs_dir / item.src for item in items), year=year))
    return booklets


def manual_sources(nav) -> dict[str, list[str]]:
    """{manual folder: [index.md, chapters…]} in the order of the nav."""
    found: dict[str, list[str]] = {}

    def walk(entry) -> None:
        if isinstance(entry, str):
            parts = entry.split("/")
            if entry.endswith(".md") and len(parts) == 3 and parts[0] == MANUALS_DIR:
                found.setdefault(parts[1], []).append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                walk(value)
        elif isinstance(entry, list):
            for value in entry:
                walk(value)

    walk(nav or [])
    for slug, srcs in found.items():  # the index first: it is the booklet's introduction
        index = f"{MANUALS_DIR}/{slug}/index.md"
        found[slug] = [index] + [src for src in srcs if src != index]
    return found


def digest(item: Booklet, settings: Settings, site_url: str) -> str:
    """What a booklet is made of: its sources' bytes and paths in the project, settings, year, the
    portal's code, and for a manual the address it prints (the 晨学 collections print none, so a
    publish to another address does not remake ten years of them). Nothing names where the
    checkout is: a moved or freshly cloned project finds its booklets still made."""
    parts = [json.dumps(settings.printing, sort_keys=True, ensure_ascii=False), str(item.year), item.title,
             site_url if item.key.startswith("manual-") else ""]
    for path in item.sources + (settings.theme_dir / EMBLEM,):
        parts.append(f"{settings.shown(path)}|{content_digest(path)}")
    parts.append(_code_digest())
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


@functools.cache
def _code_digest() -> str:
    """The booklet code and style, read once per process (every build checks every booklet)."""
    return hashlib.sha256(b"".join(path.read_bytes() for path in _CODE)).hexdigest()


def made(settings: Settings, item: Booklet, site_url: str) -> Made | None:
    """The booklet in the cache, if it was made from exactly the current content, for this address."""
    folder = settings.root / PRINT_DIR
    try:
        facts = json.loads((folder / f"{item.key}.json").read_text(encoding="utf-8"))
        pdf = folder / f"{item.key}.pdf"
        if facts["digest"] != digest(item, settings, site_url) or pdf.stat().st_size != facts["size"]:
            return None
        return Made(pdf=pdf, pages=facts["pages"], size=facts["size"], digest=facts["digest"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def current(settings: Settings, archive: MorningArchive, site_url: str) -> list[tuple[Booklet, Made]]:
    """The booklets a build for `site_url` may publish: made, and made from what it publishes."""
    return [(item, done) for item in plan(settings, archive) if (done := made(settings, item, site_url))]


def make_all(settings: Settings, archive: MorningArchive, render: Callable[[str], str], site_url: str,
             say: Callable[[str], None] = print) -> list[tuple[Booklet, Made, bool]]:
    """Every booklet up to date; (booklet, facts, made now) for each."""
    _remove_leftovers(settings.root / PRINT_DIR)
    results = []
    for item in plan(settings, archive):
        done = made(settings, item, site_url)
        if done is None:
            done = make(settings, archive, item, render, site_url)
            results.append((item, done, True))
        else:
            results.append((item, done, False))
        say(f"{'已生成' if results[-1][2] else '无变化'}：{item.title}，{done.pages} 页，{size_text(done.size)}")
    return results


def bring_up_to_date(settings: Settings, archive: MorningArchive, site_url: str,
                     say: Callable[[str], None] = print) -> bool:
    """Every booklet up to date for the site at `site_url` (`print`, and publish for the address it
    publishes at); False, with the reason said, if the typesetting software cannot run here."""
    try:
        import weasyprint  # noqa: F401  (needs Pango, a system library)
    except (ImportError, OSError) as error:
        say(f"无法生成打印版：排版软件没有装好（{error.__class__.__name__}）。"
            "请运行 bash scripts/dev.sh serve 让它自动安装，或请技术人员安装 libpango-1.0-0 和 fonts-noto-cjk。")
        return False
    from .rendering import markdown_renderer

    started = time.monotonic()
    say("正在生成打印版（PDF）……")
    render = render_for_print(markdown_renderer(settings.root / settings.config_file))
    results = make_all(settings, archive, render, site_url, say=lambda text: say(f"  {text}"))
    remade = sum(1 for *_, now in results if now)
    say(f"打印版已是最新：共 {len(results)} 本，本次生成 {remade} 本，用时 {time.monotonic() - started:.1f} 秒。")
    return True


def _remove_leftovers(folder: Path, older_than: float = 600) -> None:
    """Half-written files of a print that was killed (a running one's are recent and kept)."""
    now = dt.datetime.now().timestamp()
    for partial in folder.glob("*.part") if folder.is_dir() else ():
        try:
            if now - partial.stat().st_mtime > older_than:
                partial.unlink()
        except OSError:
            continue


def make(settings: Settings, archive: MorningArchive, item: Booklet, render: Callable[[str], str],
         site_url: str) -> Made:
    """One booklet rendered and written in one step (never a half-written PDF in the cache)."""
    from weasyprint import HTML

    docs = settings.docs_dir.resolve()
    emblem = (settings.theme_dir / EMBLEM).resolve()
    stylesheet = Path(__file__).with_name("booklet.css").read_text(encoding="utf-8")
    cover = booklet.Cover(
        title=item.title,
        kind="知识手册" if item.key.startswith("manual-") else "年度合订本",
        bureau=settings.printing["bureau"], editor=settings.printing["editor"], year=item.year,
        emblem=emblem.as_uri())
    if item.key.startswith("manual-"):
        intro, parts = _manual_parts(item, settings, render, site_url)
    else:
        intro, parts = None, _morning_parts(item, archive, settings, render)
    page = booklet.document(cover, parts, stylesheet, settings.printing["paper"], intro)
    with _quiet_renderer():
        document = HTML(string=page, base_url=docs.as_uri() + "/", url_fetcher=_only_docs(docs, emblem)).render()
    folder = settings.root / PRINT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".pdf.part", delete=False) as partial:
        document.write_pdf(partial)
    size = os.path.getsize(partial.name)
    os.chmod(partial.name, 0o644)  # published as it is: readable by the web server
    os.replace(partial.name, folder / f"{item.key}.pdf")
    done = Made(pdf=folder / f"{item.key}.pdf", pages=len(document.pages), size=size,
                digest=digest(item, settings, site_url))
    facts = json.dumps({"digest": done.digest, "pages": done.pages, "size": done.size, "title": item.title},
                       ensure_ascii=False)
    with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".json.part", delete=False, encoding="utf-8") as partial:
        partial.write(facts)
    os.replace(partial.name, folder / f"{item.key}.json")
    return done


def _manual_parts(item: Booklet, settings: Settings, render, site_url: str):
    srcs = [path.relative_to(settings.docs_dir).as_posix() for path in item.sources]
    anchors = {src: ("intro" if number == 0 else f"c{number}") for number, src in enumerate(srcs)}
    parts = []
    for src in srcs:
        doc, _problems = read_document(settings.docs_dir / src)
        title = str((doc.meta or {}).get("title") or src)
        raw = booklet.Part(src, anchors[src], title, render(doc.body))
        parts.append(booklet.prepare_part(raw, anchors, site_url, lambda page, url: _picture(settings, page, url)))
    intro = parts[0]
    return booklet.Part(intro.src, intro.anchor, "前言", intro.body), parts[1:]


def _morning_parts(item: Booklet, archive: MorningArchive, settings: Settings, render) -> list[booklet.Part]:
    def rendered(entry) -> str:
        doc, _problems = read_document(settings.docs_dir / entry.src)
        return render(doc.body)

    return [booklet.month_part(month, f"m{month}", [(entry, rendered(entry)) for entry in archive.by_month[month]])
            for month in archive.months_of(item.year)]


def _picture(settings: Settings, page_src: str, url: str) -> str:
    """A picture of a page as a file URL inside docs/ (anything else is left for the fetcher to refuse)."""
    if ":" in url.split("/", 1)[0] or url.startswith("//"):
        return url
    path = (settings.docs_dir / os.path.dirname(page_src) / url.split("#", 1)[0].split("?", 1)[0]).resolve()
    return path.as_uri()


def render_for_print(markdown_to_html: Callable[[str], str]) -> Callable[[str], str]:
    """The same steps as a page of the site: Word paragraphs as meant, Markdown, the HTML allow-list."""
    return lambda text: html_policy.sanitize(markdown_to_html(prose.as_paragraphs(text)))


def download_link(item: Booklet, done: Made, page_src: str, paper: str) -> str:
    """The 下载打印版 button of a page, in Markdown: the PDF's size and page count beside it."""
    href = relative_link(page_src, item.site_path)
    return (
        '<div class="portal-print-download" markdown>\n\n'
        f'[:material-printer: 下载打印版]({href}){{ .md-button download="{md_text(item.download_name)}" }}'
        f'<span class="portal-print-download__facts">{md_text(item.title)} · PDF · {paper} · {done.pages} 页 · '
        f'{size_text(done.size)}</span>\n\n'
        "</div>\n"
    )


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def _title(path: Path) -> str | None:
    try:
        doc, _ = read_document(path)
    except OSError:
        return None
    title = (doc.meta or {}).get("title")
    return str(title) if title else None


def _only_docs(docs: Path, emblem: Path):
    """A fetcher that lets the renderer read files inside docs/ and the emblem, and nothing else:
    no network, no other files."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    class OnlyDocs(URLFetcher):
        def fetch(self, url, headers=None):
            split = urlsplit(url)
            if split.scheme == "file":
                path = Path(unquote(split.path)).resolve()
                if (path.is_relative_to(docs) or path == emblem) and path.is_file():
                    return super().fetch(path.as_uri(), headers)
            raise ValueError(f"refused: {url}")

    return OnlyDocs(allowed_protocols={"file"})


class _quiet_renderer:
    """WeasyPrint's warnings are English notes for developers; editors see only our own messages."""

    def __enter__(self):
        self.logger = logging.getLogger("weasyprint")
        self.saved = (self.logger.level, self.logger.propagate)
        self.logger.setLevel(logging.CRITICAL)
        self.logger.propagate = False

    def __exit__(self, *exc):
        self.logger.setLevel(self.saved[0])
        self.logger.propagate = self.saved[1]
