"""What HTML a page may hold: one allow-list, used to sanitize every page and to tell editors why.

The allow-list is what Markdown, pymdown-extensions, Material's features and the portal's own
blocks really produce, plus the few tags editors use for layout. `sanitize` applies it with
nh3 (the Python binding of Ammonia) to every rendered page; `scan` reads an editor's Markdown
source against the same lists and says, at the line it happens, what the sanitizer would remove;
`removals` compares a rendered page with its sanitized self, for what no scan of the source sees.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

import nh3

from .markdown_text import blank_code
from .problems import shortened

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "nav", "ol", "p", "path",
    "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "svg", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
})
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang"})
ATTRIBUTES = {
    "a": {"href", "download"},
    "img": {"src", "alt", "width", "height", "loading", "align"},
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align"},
    "col": {"span"},
    "ol": {"start"},
    "details": {"open"},
    "time": {"datetime"},
    "label": {"for"},
    # Tabs (pymdownx.tabbed) are radio buttons; task lists are check boxes. Nothing else.
    "input": {"type", "name", "checked", "disabled"},
    # Tabs; the portal's own item facts (the kiosk checks an item page by its date).
    "div": {"data-tabs", "data-search-exclude", "data-morning-date"},
    "nav": {"data-search-exclude"},
    # Material's icons, inlined by the emoji extension.
    "svg": {"viewBox", "xmlns", "width", "height"},
    "path": {"d"},
}
# Read by Markdown (md_in_html) and gone from the page it renders.
SOURCE_ONLY_ATTRIBUTES = frozenset({"markdown"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
INPUT_TYPES = frozenset({"checkbox", "radio"})
STYLE_PROPERTIES = frozenset({"text-align"})
# Removed with everything inside them, not just unwrapped.
REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed"})

# Ids name places on a page (headings, footnotes, tabs): letters, digits, CJK, "-", "_" and ".",
# and the ":" and "/" of the ids the extensions make (`fn:1`, `tag:食品安全`, the tags plugin's
# `tags.md:12-40/slug`) — nothing that could end an attribute or start a tag. The theme's own ids
# (its templates' `__config`, `__search`, `__drawer` …): one of those in content would take the
# place of the theme's and stop its scripts.
_SAFE_ID = re.compile(r"[\w.\-:/]+")
_THEME_IDS = re.compile(r"__(?:analytics|config|consent|drawer|search|settings|toc|skip)|__(?:palette|nav|code)_.*")
# The theme's classes draw its own parts (`md-dialog` is its notice box); content may use its buttons.
THEME_CLASSES_FOR_CONTENT = frozenset({"md-button", "md-button--primary"})

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def url_problem(url: str, image: bool) -> str | None:
    """Why a link or picture address may not stay, or None when it is fine."""
    plain = _INVISIBLE.sub("", html.unescape(url or ""))
    scheme = _SCHEME.match(plain)
    if image:
        if scheme or plain.startswith("//"):
            return "外网图片"
        return None
    if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
        return scheme.group(1).lower() + ":"
    return None


def id_problem(value: str) -> str | None:
    """Why an id may not stay, as a sentence, or None when it is fine."""
    if not _SAFE_ID.fullmatch(value or ""):
        return (f"编号（id）“{shortened(value)}”只能用汉字、字母、数字和“-”“_”“.”。"
                "请改成简单的名称，例如 {#第一部分}，或者删掉它，让网站按标题自动编号。")
    if _THEME_IDS.fullmatch(value):
        return f"编号（id）“{shortened(value)}”是网站主题自己用的名称，会让页面的功能失灵。请换一个名称。"
    return None


def theme_classes(value: str) -> list[str]:
    """The theme's own class names in a class attribute, which content may not use."""
    return [name for name in (value or "").split() if name.startswith("md-") and name not in THEME_CLASSES_FOR_CONTENT]


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name in ("href", "src") and url_problem(value, image=(tag == "img")):
        return None
    if name == "id" and id_problem(value):
        return None
    if name == "class" and (theme := theme_classes(value)):
        return " ".join(word for word in value.split() if word not in theme) or None
    if tag == "input" and name == "type" and value.lower() not in INPUT_TYPES:
        return None
    return value


_NH3_ATTRIBUTES = {tag: set(names) for tag, names in ATTRIBUTES.items()} | {"*": set(GLOBAL_ATTRIBUTES)}


def text_only(fragment: str) -> str:
    """HTML as text: every tag taken out, what is left escaped (a table of contents entry, a title)."""
    return nh3.clean(fragment, tags=set(), clean_content_tags=set(REMOVED_WITH_CONTENT), attributes={})


def sanitize(fragment: str) -> str:
    """The HTML of a page's content with everything outside the allow-list removed."""
    return nh3.clean(
        fragment,
        tags=set(TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes=_NH3_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=set(LINK_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel=None,
    )


# --- telling editors ------------------------------------------------------------------------

_TAG_REASONS = {
    "script": "它会在同事的电脑上运行代码",
    "iframe": "它会把别处的网页嵌进来",
    "object": "它会把外来的程序嵌进来",
    "embed": "它会把外来的程序嵌进来",
    "base": "它会让页面从别的网站加载脚本",
    "meta": "它能让页面自己跳转到别处",
    "link": "它会从别处加载样式或脚本",
    "form": "它能把同事填写的内容发到别处",
    "style": "它会改变整个页面的样式",
}
_MARKDOWN_LINK = re.compile(r"(!?)\[[^\[\]\n]*\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)")
_ATTRIBUTE_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_ATTRIBUTE_TOKEN = re.compile(r"""([^\s=}]+)(?:\s*=\s*("[^"]*"|'[^']*'|`[^`]*`|[^\s}]+))?""")
_MARKUP_AS_ENTITY = re.compile(r"&(?:lt|#0*60|#x0*3c);(?=\s*/?[A-Za-z])", re.IGNORECASE)  # "&lt;script"
_LOOKS_LIKE_ATTRIBUTES = re.compile(r"^[\x21-\x7e\s]+$")  # attribute lists are ASCII; Chinese prose is not


def scan(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, Chinese message) for each thing in Markdown source the sanitizer would remove."""
    found: list[tuple[int, str]] = []
    if not any(mark in text for mark in "<]{&"):
        return found
    source = blank_code(text)
    if "<" in source:
        parser = _TagScanner(first_line)
        # A "<" with no ">" after it starts no tag; the parser would read on to the end from each one.
        last = source.rfind(">")
        parser.feed(source[: last + 1] + source[last + 1:].replace("<", " "))
        parser.close()
        found += parser.found
    for offset, line in enumerate(source.split("\n")):
        number = first_line + offset
        for match in _MARKDOWN_LINK.finditer(line):
            if message := _url_message(match.group(2), image=bool(match.group(1))):
                found.append((number, message))
        if match := _REFERENCE.match(line):
            if message := _url_message(match.group(1), image=False):
                found.append((number, message))
        for match in _ATTRIBUTE_LIST.finditer(line):
            found += [(number, message) for message in _attribute_list_messages(match.group(1))]
        if line.startswith("#") and (entity := _MARKUP_AS_ENTITY.search(line)):
            found.append((number, f"标题里的“{entity.group(0)}”是网页代码的写法："
                                  "标题还会出现在浏览器的标签页、目录和导航里，只能是文字。请直接写出文字，书名请用《》。"))
    return sorted(set(found))


def _url_message(url: str, image: bool) -> str | None:
    problem = url_problem(url, image)
    if problem is None:
        return None
    if image:
        return ("图片地址指向外网：内网里的电脑打不开，页面也不能从外网加载任何东西。"
                "请把图片文件放进 docs/ 里，用相对路径引用，例如 ../images/照片.jpg。")
    return (f"链接地址不能以 {problem} 开头：这种链接会在同事的浏览器里运行代码或打开外来内容。"
            "请改成本站的页面（例如 ../manuals/index.md）或以 https:// 开头的网址。")


def _attribute_message(tag: str, name: str, value: str | None) -> str | None:
    """Why an attribute of `tag` may not stay, as a sentence, or None when it is fine."""
    name = name.lower()
    element = f"<{tag}> 标签" if tag else "这里"
    if name.startswith("on"):
        return f"{element}不能带“{name}=”这类属性：它会运行脚本。请删除这个属性。"
    if name not in GLOBAL_ATTRIBUTES | SOURCE_ONLY_ATTRIBUTES | {a.lower() for a in ATTRIBUTES.get(tag, ())}:
        return f"{element}不能带“{name}”属性，生成网站时会被删除。请删除它。"
    if name == "id" and value is not None and (reason := id_problem(value)):
        return reason
    if name == "class" and (theme := theme_classes(value or "")):
        return (f"不能用网站主题自己的样式名“{theme[0]}”：它会把正文画成主题的界面（例如系统通知框）。"
                "请删除它；按钮可以用 .md-button。")
    if name in ("href", "src"):
        return _url_message(value or "", image=(tag == "img" or name == "src"))
    if name == "style":
        properties = {part.split(":", 1)[0].strip().lower() for part in (value or "").split(";") if part.strip()}
        if properties - STYLE_PROPERTIES:
            return "style 属性里只能写对齐方式（text-align），其他样式生成网站时会被删除。请删除它们。"
    if tag == "input" and name == "type" and (value or "").lower() not in INPUT_TYPES:
        return "<input> 只能是勾选框（checkbox）。请删除这个标签。"
    return None


def _attribute_list_messages(inside: str) -> list[str]:
    """`{ .class #id key=value }` after a picture, link or heading: the keys become attributes."""
    inside = inside.strip()
    if not inside or not _LOOKS_LIKE_ATTRIBUTES.match(inside):
        return []
    messages = []
    for match in _ATTRIBUTE_TOKEN.finditer(inside):
        name, value = match.group(1), match.group(2)
        if name.startswith((".", "#")) and value is None:
            kind = "id" if name[0] == "#" else "class"
            if message := _attribute_message("", kind, name[1:]):
                messages.append("属性列表“{…}”里的" + message)
            continue
        if value is not None and value[:1] in "\"'`" and value[-1:] == value[:1]:
            value = value[1:-1]
        # The list does not say which element it lands on: a picture's and a link's keys are fine.
        tag = "img" if name.lower() in ATTRIBUTES["img"] else "a"
        if message := _attribute_message(tag, name, value if value is not None else name):
            messages.append("属性列表“{…}”里的" + message.removeprefix(f"<{tag}> 标签"))
    return messages


class _TagScanner(HTMLParser):
    def __init__(self, first_line: int):
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        line = self.first_line + self.getpos()[0] - 1
        if tag not in TAGS:
            reason = _TAG_REASONS.get(tag, "这个标签不在允许的范围内，生成网站时会被删除")
            self.found.append((line, f"正文里不能使用 <{tag}> 标签：{reason}。"
                                     "请删除它（编辑指南列出了可以用的写法）。"))
            return
        raw = self.get_starttag_text() or ""
        for name, value in attrs:
            if message := _attribute_message(tag, name, value):
                prefix = "正文里的 " if message.startswith("<") else ""
                self.found.append((line + _line_within(raw, name), prefix + message))

    handle_startendtag = handle_starttag


def _line_within(raw_tag: str, attribute: str) -> int:
    """How many lines into a tag that spans lines an attribute is written."""
    position = raw_tag.lower().find(attribute.lower())
    return raw_tag.count("\n", 0, position) if position > 0 else 0


# --- the rendered page, checked against the same lists -----------------------------------------

def removals(rendered: str) -> list[tuple[list[str], str]]:
    """(how it may be written in the source, most telling first; Chinese message) for each tag and
    attribute of a rendered page that `sanitize` would remove or change, in the order of the page:
    the check's word for everything the scan of the source cannot see (attribute lists in Chinese,
    links inside links, reference pictures, escapes)."""
    before, after = _start_tags(rendered), _start_tags(sanitize(rendered))
    gone_tags = before["tags"] - after["tags"]
    found = []
    for tag in gone_tags.elements():
        reason = _TAG_REASONS.get(tag, "这个标签不在允许的范围内，生成网站时会被删除")
        found.append(([f"<{tag}"], f"正文里不能使用 <{tag}> 标签：{reason}。请删除它（编辑指南列出了可以用的写法）。"))
    for tag, name, value in (before["attributes"] - after["attributes"]).elements():
        if tag in gone_tags:
            continue  # said of the tag
        message = _attribute_message(tag, name, value) or f"<{tag}> 的“{name}”属性生成网站时会被删除。请删除它。"
        prefix = "正文里的 " if message.startswith("<") else ""
        element = before["elements"][(tag, name, value)]
        if tag == "img" and name == "src" and "twemoji" in element.get("class", ""):
            # `:smile:`: pymdownx.emoji has no picture of it here and links one on a CDN.
            shortcode = element.get("title", "")
            found.append(([shortcode or value], f"表情符号“{shortcode}”的图片要从外网加载，内网里显示不出来。"
                                                "请删掉它，或改用门户自带的图标，例如 :material-star:。"))
            continue
        if name == "class":
            written = theme_classes(value)[:1] or [value]
        else:  # as an attribute, an address (inline or a reference), the start of a quoted value, the value
            written = [f"{name}={value}", f'{name}="{value}', f"{name}='{value}", f"({value}", f": {value}",
                       f"{name}='{value[:2]}", f'{name}="{value[:2]}', f"#{value}", value or name]
        found.append((written, prefix + message))
    return found


def _start_tags(fragment: str) -> dict[str, Counter]:
    parser = _StartTagCounter()
    parser.feed(fragment)
    parser.close()
    return {"tags": parser.tags, "attributes": parser.attributes, "elements": parser.elements}


class _StartTagCounter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attributes: Counter = Counter()
        self.elements: dict[tuple, dict] = {}  # (tag, name, value) -> every attribute of its first element

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            if name == "style":  # the sanitizer rewrites what it keeps: compare what it says
                value = ";".join(sorted(part.split(":", 1)[0].strip().lower()
                                        for part in (value or "").split(";") if part.strip()))
            self.attributes[(tag, name, value or "")] += 1
            self.elements.setdefault((tag, name, value or ""), {key: text or "" for key, text in attrs})

    handle_startendtag = handle_starttag
