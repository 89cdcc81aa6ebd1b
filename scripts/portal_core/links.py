"""Links and pictures in editors' Markdown, resolved as MkDocs resolves them, and the nav.

What MkDocs' strict build would refuse — a picture or page that does not exist, a path written
the Windows way or from the site root, a heading that is not there, a manual chapter left out of
the nav — is found here first, at its line, with the likely fix. The build runs this check
before MkDocs' own validation, so both say the same thing.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from .markdown_text import blank_code
from .problems import Problem

# `[text](address "title")`, text with one level of brackets inside. Every class stops at the next
# mark of its kind, and the address with its title is taken whole up to the first ")" and split in
# Python: no part of the pattern reads the same characters twice, whatever a line holds.
_INLINE = re.compile(r"(!?)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*+\]\(([^)\n]*+)\)")
_REFERENCE = re.compile(r"^\s{0,3}\[([^\]\n]+)\]:\s*(<[^>\n]*>|\S+)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
_WINDOWS_DRIVE = re.compile(r"^[a-zA-Z]:[\\/]")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_ATTRIBUTE_ID = re.compile(r"\{[^{}\n]*?#([\w\-:.]+)[^{}\n]*\}")
_HTML_ID = re.compile(r"""\s(?:id|name)\s*=\s*["']?([^"'\s>]+)""")
_FOOTNOTE = re.compile(r"^\[\^([^\]]+)\]:", re.MULTILINE)
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp")


@dataclass
class Link:
    line: int
    target: str  # as written
    image: bool


@dataclass
class PageLinks:
    """What one page links to, and the anchors it offers to others (None: not known for certain)."""

    src: str
    links: list[Link] = field(default_factory=list)
    anchors: set[str] | None = None


def destination(inside: str) -> str:
    """The address of what a link holds between its parentheses: `<a b.jpg>`, `a.jpg "title"`, `a.jpg`."""
    inside = inside.strip()
    if inside.startswith("<") and (end := inside.find(">")) > 0:
        return inside[1:end]
    for opening, closing in (('"', '"'), ("'", "'"), ("(", "")):
        if inside.endswith(closing) and (start := inside.rfind(" " + opening, 0, len(inside) - 1)) > 0:
            return inside[:start].strip()  # a title; one in parentheses ended the match with its ")"
    return inside


def read_links(src: str, body: str, body_line: int) -> PageLinks:
    page = PageLinks(src)
    definitions = {}
    lines = blank_code(body).split("\n")
    for offset, line in enumerate(lines):
        number = body_line + offset
        for match in _INLINE.finditer(line):
            page.links.append(Link(number, destination(match.group(2)), bool(match.group(1))))
        if match := _REFERENCE.match(line):
            definitions[match.group(1).lower()] = Link(number, match.group(2).strip("<>"), False)
    page.links += [link for label, link in definitions.items() if not label.startswith("^")]
    # Headings are read as written (code in a heading makes its id uncertain), outside code blocks only:
    # blank_code leaves the lines of a code block empty and every other line its length.
    page.anchors = _anchors([raw if kept else "" for raw, kept in zip(body.split("\n"), lines)], body)
    return page


def first_image(body: str) -> str | None:
    """The first picture of a text as written (spaces and a title allowed), e.g. for a list's card;
    only one beside the page (a relative path): a card or the corridor screen shows nothing else."""
    for line in blank_code(body).split("\n"):
        for match in _INLINE.finditer(line):
            target = unquote(destination(match.group(2)))
            if match.group(1) and not _SCHEME.match(target) and not target.startswith(("/", "\\")):
                return target
    return None


def check(pages: dict[str, PageLinks], files: set[str], shown, generated: set[str]) -> list[Problem]:
    """Every link of every page against the files the site will have; `shown(src)` names a file."""
    problems = []
    lower = {name.lower(): name for name in files}
    by_name: dict[str, list[str]] = {}
    for name in files:
        by_name.setdefault(posixpath.basename(name), []).append(name)
    for page in pages.values():
        for link in page.links:
            message = _problem(page, link, files, lower, by_name, pages, generated)
            if message:
                problems.append(Problem(shown(page.src), link.line, message))
    return problems


def _problem(page, link, files, lower, by_name, pages, generated) -> str | None:
    target = link.target
    what = "图片" if link.image or target.lower().endswith(_IMAGE_SUFFIXES) else "链接"
    if not target or target.startswith("//") or (_SCHEME.match(target) and not _WINDOWS_DRIVE.match(target)):
        return None  # another site, mail, or nothing
    if _WINDOWS_DRIVE.match(target) or target.startswith("\\\\"):
        name = re.split(r"[\\/]", target)[-1]
        return (f"{what}“{target}”是您电脑上的位置，网站上打不开。"
                "请把文件复制到 docs/ 里（图片放在本栏目的 images 文件夹），"
                f"再写成相对于本文件的路径，例如 ../images/{name}。")
    if "\\" in target:
        return f"{what}“{target}”里用了反斜杠“\\”。网址里的分隔符是正斜杠，请写成“{target.replace(chr(92), '/')}”。"
    path, _, anchor = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    if path.startswith("/"):
        return (f"{what}“{target}”以 / 开头。请改用相对于本文件的路径"
                f"（例如 {posixpath.relpath(path.lstrip('/') or '.', posixpath.dirname(page.src) or '.')}），"
                "这样门户放在内网任何地址下都能打开。")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.src), path)) if path else page.src
    if resolved.startswith("../") or resolved == "..":
        return f"{what}“{target}”指到了 docs/ 文件夹外面。请检查 ../ 的个数。"
    if resolved in files or resolved in generated:
        return _anchor_problem(target, anchor, pages.get(resolved))
    if resolved.endswith("/") or "." not in posixpath.basename(resolved):
        index = posixpath.join(resolved, "index.md")
        if index in files or index in generated:
            return f"链接“{target}”指向一个文件夹。请指向其中的页面：“{posixpath.join(path.rstrip('/'), 'index.md')}”。"
    if resolved.lower() in lower:
        actual = lower[resolved.lower()]
        return (f"{what}“{target}”的大小写和实际文件不一样：文件叫 {posixpath.basename(actual)}。"
                f"网站区分大小写，请写成“{posixpath.relpath(actual, posixpath.dirname(page.src) or '.')}”。")
    same_name = by_name.get(posixpath.basename(resolved), [])
    if len(same_name) == 1:
        right = posixpath.relpath(same_name[0], posixpath.dirname(page.src) or ".")
        return f"{what}“{target}”找不到：这个文件在 docs/{same_name[0]}，从本文件出发应写成“{right}”。"
    return (f"{what}“{target}”指向的文件 docs/{resolved} 不存在。请检查文件名和路径（区分大小写），"
            "或把缺少的文件放进去。")


def _anchor_problem(target: str, anchor: str, linked: PageLinks | None) -> str | None:
    if not anchor or linked is None or linked.anchors is None or anchor in linked.anchors:
        return None
    return f"链接“{target}”要跳到小标题“{anchor}”，但那一页没有这个小标题。请核对小标题的文字，或去掉 # 后面的部分。"


def _anchors(lines: list[str], body: str) -> set[str] | None:
    """The ids the page will carry, or None when its headings are too rich to be sure of."""
    from pymdownx.slugs import slugify  # the toc's slugify of mkdocs.yml: Unicode, lower case

    make = slugify(case="lower")
    anchors: set[str] = set()
    for line in lines:
        if match := _HEADING.match(line):
            text = match.group(2)
            if explicit := _ATTRIBUTE_ID.search(text):
                anchors.add(explicit.group(1))
                continue
            text = re.sub(r"\s*\{[^{}]*\}\s*$", "", text)
            if re.search(r"[<`\[\]*_&\\]|:\w+:", text):
                return None  # markup in a heading: its id depends on how it renders
            slug, number = make(text, "-"), 0
            candidate = slug
            while candidate in anchors:
                number += 1
                candidate = f"{slug}_{number}"
            anchors.add(candidate)
        anchors.update(_ATTRIBUTE_ID.findall(line))
        if "<" in line:
            anchors.update(_HTML_ID.findall(line))
    for note in _FOOTNOTE.findall(body):
        anchors.update({f"fn:{note}", f"fnref:{note}"})
    return anchors
