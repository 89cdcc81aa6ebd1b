"""MkDocs' English build warnings about links and the nav, said in Chinese for editors."""

from __future__ import annotations

import re

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp")

_MISSING_TARGET = re.compile(
    r"Doc file '(?P<file>[^']+)' contains a link '(?P<link>[^']+)', "
    r"but the target(?: '(?P<target>[^']+)')? is not found among documentation files"
)
_MISSING_ANCHOR = re.compile(
    r"Doc file '(?P<file>[^']+)' contains a link '(?P<link>[^']+)', "
    r"but the doc '(?P<target>[^']+)' does not contain an anchor '#(?P<anchor>[^']+)'"
)
_ABSOLUTE_LINK = re.compile(
    r"Doc file '(?P<file>[^']+)' contains an absolute link '(?P<link>[^']+)'"
)
_UNRECOGNIZED = re.compile(
    r"Doc file '(?P<file>[^']+)' contains an unrecognized relative link '(?P<link>[^']+)'"
)
_OMITTED = re.compile(
    r"The following pages exist in the docs directory, but are not included in the \"nav\" configuration:\n"
    r"(?P<pages>(?:\s+- .+\n?)+)"
)


def translate(message: str, docs_dir: str = "docs") -> str | None:
    """The Chinese message for a known MkDocs warning, or None to keep the original."""
    if match := _MISSING_TARGET.search(message):
        what = "图片" if match["link"].lower().endswith(_IMAGE_SUFFIXES) else "链接"
        target = match["target"] or match["link"].lstrip("/")
        return (
            f"{docs_dir}/{match['file']}: {what}“{match['link']}”指向的文件 {docs_dir}/{target} 不存在。"
            f"请检查文件名和路径是否写对（区分大小写），或把缺少的文件放进 {docs_dir}/ 中。"
        )
    if match := _MISSING_ANCHOR.search(message):
        return (
            f"{docs_dir}/{match['file']}: 链接“{match['link']}”要跳到 {docs_dir}/{match['target']} 的小标题"
            f"“{match['anchor']}”，但那一页没有这个小标题。请核对小标题的文字。"
        )
    if match := _ABSOLUTE_LINK.search(message):
        return (
            f"{docs_dir}/{match['file']}: 链接“{match['link']}”以 / 开头。"
            "请改用相对于本文件的路径（例如 ../lectures/index.md），这样在内网任何地址下都能打开。"
        )
    if match := _UNRECOGNIZED.search(message):
        return (
            f"{docs_dir}/{match['file']}: 链接“{match['link']}”不是本站的页面或文件。"
            "请链接到 .md 文件（例如 ../manuals/index.md）或图片文件。"
        )
    if match := _OMITTED.search(message):
        pages = [line.strip()[2:] for line in match["pages"].strip().splitlines()]
        listed = "、".join(f"{docs_dir}/{page}" for page in pages)
        return (
            f"{listed}: 这些页面还没有加入 mkdocs.yml 的 nav（导航）。"
            "请在 mkdocs.yml 的 nav 中对应的手册下加一行，例如“- manuals/integrity/04-new-chapter.md”。"
        )
    return None
