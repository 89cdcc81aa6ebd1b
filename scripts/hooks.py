"""MkDocs glue: a few event functions that hand the work to portal_core.

MkDocs puts this file's folder on sys.path only while it loads the hook,
so the core is imported here at the top, never inside an event.
`mkdocs serve` keeps this module loaded between rebuilds: its state (`_settings` and
`_hashed` from on_config, `_build` from on_files) is replaced at the start of every build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import logging
import os
from dataclasses import dataclass, replace
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
    site_build,
)
from portal_core.checker import check_content
from portal_core.chinese_order import pinyin_key
from portal_core.content import CHINA, meta_date
from portal_core.morning import MorningArchive
from portal_core.problems import Problem
from portal_core.search_index import BackgroundIndexer
from portal_core.sections import KIOSK_PAGE, section_of
from portal_core.site_config import Settings, load_settings, site_path_of

# Markers editors may place in a page; each is replaced by a generated list.
LATEST_ACTIVITIES = "<!-- portal:latest-activities -->"
LATEST_LECTURES = "<!-- portal:latest-lectures -->"
ALL_LECTURES = "<!-- portal:all-lectures -->"
HOME_LIMIT = 3
KIOSK_TEMPLATE = "kiosk.html"
JINJA_CACHE_DIR = ".cache/templates"
_THIS_FILE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]

log = logging.getLogger("mkdocs.plugins.portal")

# MkDocs loggers whose warnings editors trigger with a wrong link or a forgotten nav entry.
_EDITOR_FACING_LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav")


@dataclass(frozen=True)
class _Build:
    archive: MorningArchive
    today: dt.date
    kiosk_config: str  # settings and build id, embedded in the kiosk page
    lectures: list[listings.Lecture]  # newest first, read once per build
    activities: list[listings.Activity]
    search: BackgroundIndexer  # fed page by page, written after the build
    booklets: dict[str, list[str]]  # page source -> the 下载打印版 blocks it shows


_build: _Build | None = None
_hashed: dict[str, str] = {}  # the portal's own assets by their content-addressed names, set in on_config
_settings: tuple[Settings, list[Problem]] | None = None  # what editors set, read once a build in on_config


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


def _tag_by_pinyin(tag, *_args) -> tuple:
    return pinyin_key(tag.name)


def _page_by_pinyin(mapping, *_args) -> tuple:
    return pinyin_key(html.unescape(str(mapping.item.title)))


def on_config(config: MkDocsConfig) -> None:
    global _hashed, _settings
    config_path = Path(config.config_file_path)
    _settings = load_settings(config_path.parent, config_path.name)  # its problems are reported by on_files
    # The branches live in the editors' settings file; the blog plugin checks posts against them.
    for plugin in config.plugins.values():
        if "categories_allowed" in getattr(plugin, "config", {}):
            plugin.config.categories_allowed = list(_settings[0].branches)
        # Tags and the pages under each are listed by pinyin, as Chinese readers look words up.
        for option, key in (("tags_sort_by", _tag_by_pinyin), ("listings_tags_sort_by", _tag_by_pinyin),
                            ("listings_sort_by", _page_by_pinyin)):
            if option in getattr(plugin, "config", {}):
                plugin.config[option] = key
    _hashed = assets.hashed_names(Path(config.theme.custom_dir))
    config.extra_css = [_hashed.get(path, path) for path in config.extra_css]
    for number, script in enumerate(config.extra_javascript):
        if isinstance(script, str):
            config.extra_javascript[number] = _hashed.get(script, script)
        else:
            script.path = _hashed.get(script.path, script.path)
    for key in ("logo", "favicon"):
        if config.theme.get(key):
            config.theme[key] = _hashed.get(config.theme[key], config.theme[key])
    # Editors run the build from the project folder: name files as they see them.
    shown_dir = Path(os.path.relpath(config.docs_dir)).as_posix()
    for name in _EDITOR_FACING_LOGGERS:
        logger = logging.getLogger(name)
        # `mkdocs serve` reloads this module on every rebuild: replace, never stack, the filter.
        for old in [f for f in logger.filters if getattr(f, "name", "") == "portal-chinese-messages"]:
            logger.removeFilter(old)
        logger.addFilter(_ChineseMessages(shown_dir))


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Check every content file, then add the 晨学 archive pages and index.json."""
    global _build
    settings, settings_problems = _settings
    # `publish --site-url` may mount the site elsewhere than mkdocs.yml says: the URLs in JSON follow it.
    settings = replace(settings, site_path=site_path_of(config.site_url))
    result = check_content(settings, settings_problems, site_build.renderer(config.markdown_extensions, config.mdx_configs))
    if result.problems:
        for problem in result.problems:
            log.error(str(problem))
        raise PluginError(f"发现 {len(result.problems)} 个内容问题，门户没有生成。请按上面每一行的提示修改后再生成；"
                          "也可以先运行 bash scripts/dev.sh portal check 检查。")
    archive = build_scope.scoped(result.archive)
    if len(archive) < len(result.archive):  # the preview: the other items stay out of this build
        for file in [f for f in files.documentation_pages() if result.archive.get(f.src_uri) and not archive.get(f.src_uri)]:
            files.remove(file)
    now = dt.datetime.now(CHINA)
    lectures = listings.load_lectures(settings.docs_dir)
    activities = listings.load_activities(settings.docs_dir)
    index_json = morning_pages.index_json(archive, settings.site_path, now)
    kiosk_json = json.dumps(
        kiosk.kiosk_data(activities, lectures, settings.docs_dir, settings.site_path, settings.kiosk["activities"]),
        ensure_ascii=False,
    )
    stamp = kiosk.build_stamp(now, index_json, kiosk_json)
    _build = _Build(
        archive=archive,
        today=now.date(),
        kiosk_config=kiosk.page_config(settings.kiosk, stamp["build"]),
        lectures=lectures,
        activities=activities,
        search=BackgroundIndexer(Path(config.site_dir)),
        booklets=_booklets(files, config, settings, result.archive),
    )
    _web_sized_photos(files, config)
    for src, hashed in _hashed.items():
        files.append(File.generated(config, hashed, abs_src_path=str(Path(config.theme.custom_dir) / src)))
    for src, content in morning_pages.generated_pages(archive).items():
        files.append(File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
    files.append(File.generated(config, "morning/index.json", content=index_json))
    files.append(File.generated(config, "kiosk/data.json", content=kiosk_json))
    files.append(File.generated(config, "kiosk/build.json", content=json.dumps(stamp)))
    return files


def _booklets(files: Files, config: MkDocsConfig, settings: Settings, archive) -> dict[str, list[str]]:
    """The printed booklets made from exactly this content (`portal.py print`), published beside their pages."""
    blocks: dict[str, list[str]] = {}
    for booklet, made in printing.current(settings, archive, config.site_url):
        files.append(File.generated(config, booklet.site_path, abs_src_path=str(made.pdf)))
        for page in (booklet.page_src, morning_pages.LANDING_SRC if booklet.key.startswith("morning-") else None):
            if page:
                blocks.setdefault(page, []).append(printing.download_link(booklet, made, page, settings.printing["paper"]))
    return blocks


def _web_sized_photos(files: Files, config: MkDocsConfig) -> None:
    """Each photo larger than a page needs is published as its web-sized copy, under its own URL."""
    cache = Path(config.config_file_path).parent / photos.CACHE_DIR
    for file in [f for f in files.media_files() if f.src_uri.lower().endswith(photos.SUFFIXES)]:
        if file.abs_src_path and (copy := photos.web_copy(Path(file.abs_src_path), cache)):
            files.remove(file)
            files.append(File.generated(config, file.src_uri, abs_src_path=str(copy), inclusion=file.inclusion))


def on_env(env, *, config: MkDocsConfig, files: Files):
    # Templates name the portal's assets as written; this gives the content-addressed name.
    # `pass_context` keeps Jinja from working it out once at compile time: the compiled template
    # is cached (below), and the names change whenever the files do.
    env.filters["asset"] = jinja2.pass_context(lambda _context, path: _hashed.get(path, path))
    # MkDocs makes a new template environment every build; compiling Material's templates
    # again is a good part of a preview rebuild. Jinja checks each cached copy against its source.
    # The folder is named after this file, whose filters the compiled templates use.
    cache = Path(config.config_file_path).parent / JINJA_CACHE_DIR / _THIS_FILE_DIGEST
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return env


@event_priority(-110)  # after the blog plugin (-100) has rendered its excerpts
def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    # Activity lists show each report's excerpt, rendered by the blog plugin from the editor's Markdown.
    for post in context.get("posts") or ():
        post.content = html_policy.sanitize(listings.without_facts(post.content or ""))
    _safe_toc(page.toc)  # here, after the blog plugin has put its reports' headings into its lists' tables
    _way_back(page, nav)
    if not _build:
        return context
    if page.file.src_uri == KIOSK_PAGE:
        context["kiosk_config"] = _build.kiosk_config
    # Generated pages (blog lists, 晨学 archives) only repeat what their pages say.
    excluded = (page.meta.get("search") or {}).get("exclude") or page.file.generated_by
    if not excluded and page.content:
        date = meta_date(page.meta.get("date"))
        _build.search.add(page.url, html.unescape(page.title or ""), page.content, date.isoformat() if date else "")
    return context


_lit_tab: list = []  # the tab lit for a page outside the nav, put out after the page is written


def _way_back(page: Page, nav) -> None:
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
            _lit_tab.append(item)
            return


def on_post_build(*, config: MkDocsConfig) -> None:
    if _build:
        try:
            _build.search.finish()
        except RuntimeError as error:
            raise PluginError(f"搜索索引没有生成（{error}）。页面已生成，但搜索不可用；请把这行信息发给技术人员。") from error


def on_build_error(*, error: Exception) -> None:
    if _build:
        _build.search.cancel()


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    while _lit_tab:
        _lit_tab.pop().active = False
    return _with_policy(landmarks.with_named_landmarks(output), f"docs/{page.file.src_uri} 生成的页面")


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    if not template_name.endswith(".html"):
        return output_content
    return _with_policy(landmarks.with_named_landmarks(output_content), f"页面模板 {template_name}")


def _with_policy(page_html: str, what: str) -> str:
    try:
        return csp.with_policy(page_html)
    except csp.InlineScript as found:
        raise PluginError(f"{what}里有一段内嵌脚本（{found}），门户没有生成：页面的内容安全策略不允许任何内嵌脚本。"
                          "这不是编辑的问题，请把这行信息发给技术人员（主题升级或插件加进来的脚本要改成单独的文件）。") from None


def _safe_toc(items) -> None:
    """Material writes each table of contents entry as it is (autoescape is off): its text as text,
    its id only if it is one the sanitizer keeps in the page."""
    stack = list(items)
    while stack:
        item = stack.pop()
        item.title = html_policy.text_only(item.title or "")
        item.id = item.id if not html_policy.id_problem(item.id or "") else ""
        stack.extend(item.children)


@event_priority(-100)  # last: whatever the other plugins added is sanitized too
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Every page sanitized; a 晨学 item gets its facts above the text, source, question and neighbours below."""
    # The title (front matter, else the first heading) goes into the head, header, nav, breadcrumbs
    # and footer of every page, unescaped: text only. Set here, before any page is put in its template.
    page.title = html_policy.text_only(page.title or "")
    item = _build.archive.get(page.file.src_uri) if _build else None
    if item is None:
        return html_policy.sanitize(html)
    previous, following = _build.archive.neighbours(item)

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


def _after_title(markdown: str, block: str) -> str:
    """A block placed under the page's first heading (or at its top)."""
    lines = markdown.split("\n")
    at = next((number + 1 for number, line in enumerate(lines) if line.startswith("# ")), 0)
    return "\n".join(lines[:at] + ["", block] + lines[at:])


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = page.file.src_uri
    if not page.file.generated_by:
        markdown = prose.as_paragraphs(markdown)  # Word's one-line paragraphs and indents, as meant
    if isinstance(page.meta.get("title"), str):
        # Material writes `page.meta.title` into the page head, header and nav as it is: make it text.
        page.meta["title"] = html.escape(page.meta["title"])
    if src == KIOSK_PAGE:
        page.meta["template"] = KIOSK_TEMPLATE  # chosen here: `template:` is not an editor's field
    if not _build or _build.archive.get(src):
        return markdown
    if src == morning_pages.LANDING_SRC:
        blocks = morning_pages.landing_blocks(_build.archive, _build.today)
        blocks["archive"] += "\n" + "".join(_build.booklets.get(src, []))  # the yearly collections
        for name, block in blocks.items():
            markdown = markdown.replace(morning_pages.MARKERS[name], block)
    elif booklets := _build.booklets.get(src):
        markdown = _after_title(markdown, "".join(booklets))
    if LATEST_ACTIVITIES in markdown:
        markdown = markdown.replace(LATEST_ACTIVITIES, listings.activity_cards(_build.activities[:HOME_LIMIT], src))
    if LATEST_LECTURES in markdown:
        markdown = markdown.replace(LATEST_LECTURES, listings.lecture_cards(_build.lectures[:HOME_LIMIT], src))
    if ALL_LECTURES in markdown:
        markdown = markdown.replace(ALL_LECTURES, listings.lecture_table(_build.lectures, src))
    if lecture := next((item for item in _build.lectures if item.src == src), None):
        markdown = listings.lecture_header(lecture) + markdown
    if activity := next((item for item in _build.activities if item.src == src), None):
        branches = getattr(page, "categories", None) or ()  # the blog plugin's views of the report's branch
        markdown = listings.activity_header(activity, branches[0].file.src_uri if branches else None) + markdown
    return markdown
