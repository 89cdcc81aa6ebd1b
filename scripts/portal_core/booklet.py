"""The printed booklets as HTML for a paged-media renderer: a cover, a table of contents whose
page numbers the renderer fills in (CSS `target-counter`), and the chapters or 晨学 items.

Plain Python: it is given rendered, sanitized HTML and gives HTML back. Links between parts of a
booklet become "见第 N 页" references; links elsewhere print their address.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .content import chinese_date
from .contract import LETTERS
from .morning import MorningItem


@dataclass(frozen=True)
class Cover:
    title: str
    kind: str  # 知识手册 or 晨学三分钟合订本: the line above the title
    bureau: str
    editor: str
    year: int
    emblem: str  # file:// URL of the portal's emblem


@dataclass(frozen=True)
class Part:
    """A chapter of a manual, or a month of 晨学: its id in the booklet, title and rendered body."""

    src: str  # below docs/, e.g. manuals/integrity/01-discipline-rules.md ("" for generated parts)
    anchor: str  # e.g. "c2"
    title: str
    body: str


_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_FIRST_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>", re.S)
_ID = re.compile(r'(\sid=")([^"]+)(")')
_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_HREF = re.compile(r'<a\b([^>]*?)\shref="([^"]*)"([^>]*)>')
_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")')
_TAGS = re.compile(r"<[^>]+>")


def prepare_part(part: Part, anchors: dict[str, str], site_url: str, picture_url) -> Part:
    """A part's body made fit for paper: its own title out (the booklet sets it), ids made unique
    in the booklet, links turned into page references or printed addresses, pictures resolved."""
    body = _HEADERLINK.sub("", part.body)
    body = _FIRST_H1.sub("", body, count=1)
    body = _ID.sub(lambda m: f"{m[1]}{part.anchor}-{m[2]}{m[3]}", body)

    def link(match: re.Match) -> str:
        before, href, after = match[1], html.unescape(match[2]), match[3]
        kind, target = _link_target(href, part, anchors, site_url)
        return f'<a{before} class="{kind}" href="{html.escape(target)}"{after}>'

    body = _HREF.sub(link, body)
    body = _SRC.sub(lambda m: m[1] + html.escape(picture_url(part.src, html.unescape(m[2]))) + m[3], body)
    return Part(part.src, part.anchor, part.title, body)


def _link_target(href: str, part: Part, anchors: dict[str, str], site_url: str) -> tuple[str, str]:
    """("xref", "#c2-anchor") inside the booklet; ("address", URL) anywhere else."""
    split = urlsplit(href)
    if split.scheme or href.startswith("//"):
        return "address", href
    if not split.path:  # "#anchor" on the same page
        return "xref", f"#{part.anchor}-{split.fragment}" if split.fragment else f"#{part.anchor}"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(part.src), unquote(split.path)))
    if target in anchors:
        anchor = anchors[target]
        return "xref", f"#{anchor}-{split.fragment}" if split.fragment else f"#{anchor}"
    return "address", site_url.rstrip("/") + "/" + _page_url(target) + (f"#{split.fragment}" if split.fragment else "")


def _page_url(src: str) -> str:
    """The site address of a Markdown source, as MkDocs' directory URLs make it."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def headings(part: Part) -> list[tuple[str, str]]:
    """(id, text) of the part's second-level headings, for the table of contents."""
    return [(anchor, _TAGS.sub("", text).strip()) for anchor, text in _H2.findall(part.body)]


def document(cover: Cover, parts: list[Part], stylesheet: str, paper: str, intro: Part | None = None) -> str:
    """The whole booklet: cover, contents (chapters and their sections), then the parts."""
    contents = ([f'<li class="toc-part"><a class="toc" href="#{intro.anchor}">{html.escape(intro.title)}</a></li>']
                if intro else [])
    for part in parts:
        rows = [f'<li class="toc-part"><a class="toc" href="#{part.anchor}">{html.escape(part.title)}</a>']
        sections = headings(part)
        if sections:
            rows.append('<ol class="toc-sections">')
            rows += [f'<li><a class="toc" href="#{anchor}">{text}</a></li>' for anchor, text in sections]
            rows.append("</ol>")
        contents.append("".join(rows) + "</li>")
    intro_html = (f'<section class="intro" id="{intro.anchor}"><h1 class="part-title">{html.escape(intro.title)}</h1>'
                  f"{intro.body}</section>") if intro else ""
    chapters = "".join(
        f'<section class="part" id="{part.anchor}"><h1 class="part-title">{html.escape(part.title)}</h1>'
        f"{part.body}</section>"
        for part in parts
    )
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(cover.title)}</title>'
        f"<style>@page {{ size: {paper}; }}</style><style>{stylesheet}</style></head><body>"
        f'<section class="cover"><img class="emblem" src="{html.escape(cover.emblem)}" alt="党徽">'
        f'<p class="cover-kind">{html.escape(cover.kind)}</p>'
        f'<h1 class="cover-title">{html.escape(cover.title)}</h1>'
        f'<p class="cover-bureau">{html.escape(cover.bureau)}</p>'
        f'<p class="cover-editor">{html.escape(cover.editor)} 编印</p>'
        f'<p class="cover-year">{cover.year}年</p></section>'
        f'<nav class="contents"><h1 class="contents-title">目　录</h1><ol>{"".join(contents)}</ol></nav>'
        f"{intro_html}{chapters}</body></html>"
    )


def month_part(month: str, anchor: str, items: list[tuple[MorningItem, str]]) -> Part:
    """One month of a 晨学 collection: each item in full, the month's answers at its end."""
    blocks, answers = [], []
    for item, body in items:
        facts = f"{chinese_date(item.date, weekday=True)} · {html.escape(item.topic)}"
        block = [f'<article class="item" id="{anchor}-{item.date.isoformat()}">',
                 f'<p class="item-facts">{facts}</p>',
                 f"<h2 class=\"item-title\">{html.escape(item.title)}</h2>", body]
        if item.source:
            block.append(f'<p class="item-source">出处：{html.escape(item.source)}</p>')
        if item.question:
            options = "".join(f"<li>{LETTERS[n]}．{html.escape(option)}</li>"
                              for n, option in enumerate(item.question.options))
            block.append('<div class="item-question"><p><strong>每日一题</strong>　'
                         f"{html.escape(item.question.prompt)}</p><ol>{options}</ol></div>")
            explain = f"<br>解析：{html.escape(item.question.explain)}" if item.question.explain else ""
            answers.append(f"<li>{item.date.month}月{item.date.day}日（{html.escape(item.title)}）："
                           f"<strong>{item.question.answer}</strong>．{html.escape(item.question.answer_text)}{explain}</li>")
        block.append("</article>")
        blocks.append("".join(block))
    if answers:
        blocks.append(f'<div class="answers"><h3>本月每日一题答案</h3><ol>{"".join(answers)}</ol></div>')
    year, number = month.split("-")
    return Part("", anchor, f"{int(year)}年{int(number)}月", "".join(blocks))
