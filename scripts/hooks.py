"""MkDocs glue: the event functions, in the order a build calls them, each handing its work to portal_core.

MkDocs puts this file's folder on sys.path only while it loads the hook, so the core is imported
here at the top, never inside an event. Nothing is kept in this module between builds: on_config
makes one `Build` and keeps it in the loaded configuration (`config[STATE]`), which every later
event is given; `mkdocs serve` and the preview start each build with a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from portal_core import (
    assets,
    build_messages,
    build_scope,
    csp,
    html_policy,
    kiosk,
    landmarks,
    listings,
    morning_pages,
    photos,
    printing,
    prose,
    rendering,
    search_index,
    sections,
    site_address,
    site_build,
)
from portal_core.checker import CheckResult, Remembered, check_content
from portal_core.chinese_order import pinyin_key
from portal_core.content import CHINA, meta_date
from portal_core.morning import MorningArchive
from portal_core.problems import Problem
from portal_core.search_index import BackgroundIndexer
from portal_core.sections import KIOSK_PAGE, section_of
from portal_core.site_config import Settings, load_settings

STATE = "portal_build"  # the key of this build's `Build` in MkDocs' loaded configuration
# Markers editors may place in a page; each is replaced by a generated list.
LATEST_ACTIVITIES = "<!-- portal:latest-activities -->"
LATEST_LECTURES = "<!-- portal:latest-lectures -->"
ALL_LECTURES = "<!-- portal:all-lectures -->"
HOME_LIMIT = 3
KIOSK_TEMPLATE = "kiosk.html"
JINJA_CACHE_DIR = ".cache/templates"
_THIS_FILE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
# MkDocs loggers whose warnings editors trigger with a wrong link or a forgotten nav entry.
_EDITOR_FACING_LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav")

log = logging.getLogger("mkdocs.plugins.portal")


@dataclass
class Build:
    """Everything one build knows beyond MkDocs' own objects, made in on_config and on_files."""

    settings: Settings
    settings_problems: list[Problem]  # said by on_files, with the content's
    hashed: dict[str, str]  # the portal's own assets by their content-addressed names
    address: site_address.SiteAddress
    scope: frozenset[str] | None  # the preview's 晨学 items; None: every item
    remembered: Remembered | None  # the caller's memory of earlier checks (preview, publish)
    # Set in on_files:
    archive: MorningArchive | None = None  # the items this build renders
    today: dt.date | None = None
    kiosk_config: str = ""  # settings and build id, embedded in the kiosk page
    lectures: list[listings.Lecture] = field(default_factory=list)  # newest first
    activities: list[listings.Activity] = field(default_factory=list)
    search: BackgroundIndexer | None = None  # fed page by page, written after the build
    booklets: dict[str, list[str]] = field(default_factory=dict)  # page source -> its 下载打印版 blocks
    lit_tabs: list = field(default_factory=list)  # a tab lit for a page outside the nav, put out after it


def _build(config: MkDocsConfig) -> Build:
    return config[STATE]


# --- on_config: the editors' settings, the plugins told of them, the assets' names ----------------


def on_config(config: MkDocsConfig) -> None:
    config_path = Path(config.config_file_path)
    settings, settings_problems = load_settings(config_path.parent, config_path.name)
    hashed = assets.hashed_names(Path(config.theme.custom_dir))
    config[STATE] = Build(settings=settings, settings_problems=settings_problems, hashed=hashed,
                          address=site_address.resolve(config.site_url), scope=config.get(build_scope.CONFIG_KEY),
                          remembered=config.get(site_build.REMEMBERED_KEY))
    config.extra["portal_sections"] = sections.search_sections()  # the search box's buttons
    # The branches live in the editors' settings file; the blog plugin checks posts against them.
    config.plugins["material/blog"].config.categories_allowed = list(settings.branches)
    # Tags and the pages under each are listed by pinyin, as Chinese readers look words up.
    tags = config.plugins["material/tags"].config
    tags.tags_sort_by = tags.listings_tags_sort_by = _tag_by_pinyin
    tags.listings_sort_by = _page_by_pinyin
    config.extra_css = [hashed.get(path, path) for path in config.extra_css]
    for number, script in enumerate(config.extra_javascript):
        if isinstance(script, str):
            config.extra_javascript[number] = hashed.get(script, script)
        else:
            script.path = hashed.get(script.path, script.path)
    for key in ("logo", "favicon"):
        if config.theme.get(key):
            config.theme[key] = hashed.get(config.theme[key], config.theme[key])
    # Editors run the build from the project folder: name files as they see them.
    shown_dir = Path(os.path.relpath(config.docs_dir)).as_posix()
    for name in _EDITOR_FACING_LOGGERS:
        logger = logging.getLogger(name)
        # The loggers outlive a build: replace, never stack, the filter.
        for old in [f for f in logger.filters if getattr(f, "name", "") == _ChineseMessages.NAME]:
            logger.removeFilter(old)
        logger.addFilter(_ChineseMessages(shown_dir))


def _tag_by_pinyin(tag, *_args) -> tuple:
    return pinyin_key(tag.name)


def _page_by_pinyin(mapping, *_args) -> tuple:
    return pinyin_key(html.unescape(str(mapping.item.title)))


class _ChineseMessages(logging.Filter):
    """Rewrites MkDocs' link and nav warnings into Chinese, keeping their level."""

    NAME = "portal-chinese-messages"

    def __init__(self, docs_dir: str) -> None:
        super().__init__(self.NAME)
        self.docs_dir = docs_dir

    def filter(self, record: logging.LogRecord) -> bool:
        chinese = build_messages.translate(record.getMessage(), self.docs_dir)
        if chinese:
            record.msg, record.args = chinese, None
        return True


# --- on_files: the check, then the generated pages, JSON, photos and booklets ---------------------


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Check every content file, then add the 晨学 archive pages, index.json and the kiosk's data."""
    build = _build(config)
    settings = build.settings
    render = rendering.renderer(config.markdown_extensions, config.mdx_configs)
    result = check_content(settings, build.settings_problems, render, build.remembered)
    if result.problems:
        for problem in result.problems:
            log.error(str(problem))
        raise PluginError(f"发现 {len(result.problems)} 个内容问题，门户没有生成。请按上面每一行的提示修改后再生成；"
                          "也可以先运行 bash scripts/dev.sh portal check 检查。")
    archive = build_scope.scoped(result.archive, build.scope)
    for file in [f for f in files.documentation_pages() if result.archive.get(f.src_uri)]:
        if not archive.get(file.src_uri):
            files.remove(file)  # the preview: the other items stay out of this build
    now = dt.datetime.now(CHINA)
    build.archive, build.today = archive, now.date()
    build.lectures, build.activities = _listed(result)
    index_json = morning_pages.index_json(
        archive, lambda src: build.address.of(files.get_file_from_path(src).url), now)
    kiosk_json = json.dumps(kiosk.kiosk_data(build.activities, build.lectures, result.documents,
                                             build.address.path, settings.kiosk["activities"]), ensure_ascii=False)
    stamp = kiosk.build_stamp(now, index_json, kiosk_json)
    build.kiosk_config = kiosk.page_config(settings.kiosk, stamp["build"])
    build.search = BackgroundIndexer(Path(config.site_dir))
    published = printing.current(settings, result.archive, build.address.url)
    build.booklets = _download_blocks(published, settings)
    generated = [File.generated(config, booklet.site_path, abs_src_path=str(made.pdf)) for booklet, made in published]
    generated += _web_sized_photos(files, config)
    theme_dir = Path(config.theme.custom_dir)
    generated += [File.generated(config, hashed, abs_src_path=str(theme_dir / src))
                  for src, hashed in build.hashed.items()]
    generated += [File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
                  for src, content in morning_pages.generated_pages(archive).items()]
    generated += [File.generated(config, sections.MORNING_INDEX, content=index_json),
                  File.generated(config, "kiosk/data.json", content=kiosk_json),
                  File.generated(config, "kiosk/build.json", content=json.dumps(stamp))]
    for file in generated:
        files.append(file)
    return files


def _listed(result: CheckResult) -> tuple[list[listings.Lecture], list[listings.Activity]]:
    """The lectures (newest first) and activity reports, from the documents the check read."""
    return listings.lectures_of(result.documents), listings.activities_of(result.documents)


def _download_blocks(published, settings: Settings) -> dict[str, list[str]]:
    """The 下载打印版 blocks of the booklets this build publishes, by the page that shows each."""
    blocks: dict[str, list[str]] = {}
    for booklet, made in published:
        for page in (booklet.page_src, morning_pages.LANDING_SRC if booklet.key.startswith("morning-") else None):
            if page:
                link = printing.download_link(booklet, made, page, settings.printing["paper"])
                blocks.setdefault(page, []).append(link)
    return blocks


def _web_sized_photos(files: Files, config: MkDocsConfig) -> list[File]:
    """Each photo larger than a page needs is published as its web-sized copy, under its own URL."""
    cache = Path(config.config_file_path).parent / photos.CACHE_DIR
    copies = []
    for file in [f for f in files.media_files() if f.src_uri.lower().endswith(photos.SUFFIXES)]:
        if file.abs_src_path and (copy := photos.web_copy(Path(file.abs_src_path), cache)):
            files.remove(file)
            copies.append(File.generated(config, file.src_uri, abs_src_path=str(copy), inclusion=file.inclusion))
    return copies


# --- each page's Markdown, then its HTML ---------------------------------------------------------


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    build = _build(config)
    src = page.file.src_uri
    if not page.file.generated_by:
        markdown = prose.as_paragraphs(markdown)  # Word's one-line paragraphs and indents, as meant
    if isinstance(page.meta.get("title"), str):
        # Material writes `page.meta.title` into the page head, header and nav as it is: make it text.
        page.meta["title"] = html.escape(page.meta["title"])
    if src == KIOSK_PAGE:
        page.meta["template"] = KIOSK_TEMPLATE  # chosen here: `template:` is not an editor's field
    if build.archive.get(src):
        return markdown
    if src == morning_pages.LANDING_SRC:
        blocks = morning_pages.landing_blocks(build.archive, build.today)
        blocks["archive"] += "\n" + "".join(build.booklets.get(src, []))  # the yearly collections
        for name, block in blocks.items():
            markdown = markdown.replace(morning_pages.MARKERS[name], block)
    elif booklets := build.booklets.get(src):
        markdown = _after_title(markdown, "".join(booklets))
    if LATEST_ACTIVITIES in markdown:
        markdown = markdown.replace(LATEST_ACTIVITIES, listings.activity_cards(build.activities[:HOME_LIMIT], src))
    if LATEST_LECTURES in markdown:
        markdown = markdown.replace(LATEST_LECTURES, listings.lecture_cards(build.lectures[:HOME_LIMIT], src))
    if ALL_LECTURES in markdown:
        markdown = markdown.replace(ALL_LECTURES, listings.lecture_table(build.lectures, src))
    if lecture := next((item for item in build.lectures if item.src == src), None):
        markdown = listings.lecture_header(lecture) + markdown
    if activity := next((item for item in build.activities if item.src == src), None):
        branches = getattr(page, "categories", None) or ()  # the blog plugin's views of the report's branch
        markdown = listings.activity_header(activity, branches[0].file.src_uri if branches else None) + markdown
    return markdown


def _after_title(markdown: str, block: str) -> str:
    """A block placed under the page's first heading (or at its top)."""
    lines = markdown.split("\n")
    at = next((number + 1 for number, line in enumerate(lines) if line.startswith("# ")), 0)
    return "\n".join(lines[:at] + ["", block] + lines[at:])


@event_priority(-100)  # last: whatever the other plugins added is sanitized too
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Every page sanitized; a 晨学 item gets its facts above the text, source, question and neighbours below."""
    # The title (front matter, else the first heading) goes into the head, header, nav, breadcrumbs
    # and footer of every page, unescaped: text only. Set here, before any page is put in its template.
    page.title = html_policy.text_only(page.title or "")
    archive = _build(config).archive
    item = archive.get(page.file.src_uri)
    if item is None:
        return html_policy.sanitize(html)
    previous, following = archive.neighbours(item)

    def url(src: str | None) -> str | None:
        return get_relative_url(files.get_file_from_path(src).url, page.url) if src else None

    links = morning_pages.ItemLinks(
        topic=url(morning_pages.topic_src(item.topic)),
        month=url(morning_pages.month_src(item.month)),
        previous=url(previous and previous.src),
        following=url(following and following.src),
        landing=url(morning_pages.LANDING_SRC),
    )
    return html_policy.sanitize(
        morning_pages.item_header(item, links) + html + morning_pages.item_footer(item, links, previous, following))


# --- the templates: asset names, a cache of compiled templates, the policy in every page ---------


def on_env(env, *, config: MkDocsConfig, files: Files):
    hashed = _build(config).hashed
    # Templates name the portal's assets as written; this gives the content-addressed name.
    # `pass_context` keeps Jinja from working it out once at compile time: the compiled template
    # is cached (below), and the names change whenever the files do.
    env.filters["asset"] = jinja2.pass_context(lambda _context, path: hashed.get(path, path))
    # MkDocs makes a new template environment every build; compiling Material's templates
    # again is a good part of a preview rebuild. Jinja checks each cached copy against its source.
    # The folder is named after this file, whose filters the compiled templates use.
    cache = Path(config.config_file_path).parent / JINJA_CACHE_DIR / _THIS_FILE_DIGEST
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return env


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return _with_policy(landmarks.with_named_landmarks(output_content), f"页面模板 {template_name}")


@event_priority(-110)  # after the blog plugin (-100) has rendered its excerpts
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    build = _build(config)
    # Activity lists show each report's excerpt, rendered by the blog plugin from the editor's Markdown.
    for post in context.get("posts") or ():
        post.content = html_policy.sanitize(listings.without_facts(post.content or ""))
    _safe_toc(page.toc)  # here, after the blog plugin has put its reports' headings into its lists' tables
    _way_back(page, nav, build.lit_tabs)
    if page.file.src_uri == KIOSK_PAGE:
        context["kiosk_config"] = build.kiosk_config
    # Generated pages (blog lists, 晨学 archives) only repeat what their pages say.
    excluded = (page.meta.get("search") or {}).get("exclude") or page.file.generated_by
    if not excluded and page.content:
        date = meta_date(page.meta.get("date"))
        build.search.add(page.url, html.unescape(page.title or ""), page.content, date.isoformat() if date else "")
    return context


def _safe_toc(items) -> None:
    """Material writes each table of contents entry as it is (autoescape is off): its text as text,
    its id only if it is one the sanitizer keeps in the page."""
    stack = list(items)
    while stack:
        item = stack.pop()
        item.title = html_policy.text_only(item.title or "")
        item.id = item.id if not html_policy.id_problem(item.id or "") else ""
        stack.extend(item.children)


def _way_back(page: Page, nav, lit_tabs: list) -> None:
    """Footer links only to the previous/next page of the same part of the site; a page outside
    the nav (a lecture, a 晨学 item) lights its part's tab as pages in the nav do."""
    here = section_of(page.file.src_uri)
    for side in ("previous_page", "next_page"):
        other = getattr(page, side)
        if other is not None and (other.file.generated_by or page.file.generated_by
                                  or section_of(other.file.src_uri) != here):
            setattr(page, side, None)
    if any(item.active for item in nav.items):  # a page in the nav: MkDocs lit its tab
        return
    for item in nav.items:
        first = item if item.is_page else next(iter(getattr(item, "children", None) or []), None)
        if first is not None and first.is_page and section_of(first.file.src_uri) == here:
            item.active = True
            lit_tabs.append(item)
            return


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    lit_tabs = _build(config).lit_tabs
    while lit_tabs:
        lit_tabs.pop().active = False
    return _with_policy(landmarks.with_named_landmarks(output), f"docs/{page.file.src_uri} 生成的页面")


def _with_policy(page_html: str, what: str) -> str:
    try:
        return csp.with_policy(page_html)
    except csp.InlineScript as found:
        raise PluginError(f"{what}里有一段内嵌脚本（{found}），门户没有生成：页面的内容安全策略不允许任何内嵌脚本。"
                          "这不是编辑的问题，请把这行信息发给技术人员"
                          "（主题升级或插件加进来的脚本要改成单独的文件）。") from None


# --- the end of the build: the search index written, or its worker stopped ----------------------


def on_post_build(*, config: MkDocsConfig) -> None:
    try:
        _build(config).search.finish()
    except RuntimeError as error:
        raise PluginError(f"搜索索引没有生成（{error}）。页面已生成，但搜索不可用；"
                          "请把这行信息发给技术人员。") from error


def on_build_error(*, error: Exception) -> None:
    search_index.stop_workers()  # MkDocs gives this event no configuration: the worker is found by name
