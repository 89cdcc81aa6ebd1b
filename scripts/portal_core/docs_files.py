"""Every file MkDocs would render or copy from docs/: its name, its kind and its size.

MkDocs publishes whatever sits in docs/ (following symbolic links), renders every Markdown
extension it knows and copies the rest as it is. The check walks the folder the same way,
without following links, and says which files may not be published and why.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import photos
from .problems import Problem
from .sections import is_markdown
from .site_config import SETTINGS_FILE, TOPICS_FILE

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
DOWNLOAD_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".csv", ".txt", ".zip")
# What a browser could take for the site's own code or styles: never from docs/ (the portal's own
# are in the theme folder, overrides/assets/).
CODE_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml", ".xml", ".svg", ".js", ".mjs", ".css", ".json",
                 ".map", ".wasm")
IMAGE_LIMIT = 5 * 1024 * 1024
MARKDOWN_LIMIT = 2 * 1024 * 1024
FILE_LIMIT = 20 * 1024 * 1024
# Not published by MkDocs (its default exclude_docs, and the portal's own settings files).
_UNPUBLISHED_TOP = ("templates",)
_SETTINGS_FILES = (TOPICS_FILE, SETTINGS_FILE)


@dataclass
class DocsFiles:
    markdown: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    published: set[str] = field(default_factory=set)  # every regular file, by its path below docs/


def scan_docs(docs_dir: Path, shown) -> DocsFiles:
    """The Markdown files to check, and the problems of every other file; `shown(path)` names a path."""
    found = DocsFiles()
    _walk(docs_dir, docs_dir, shown, found)
    found.markdown.sort()
    return found


def _walk(folder: Path, docs_dir: Path, shown, found: DocsFiles) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        found.problems.append(Problem(shown(folder), 1, f"无法读取这个文件夹（{error.strerror}）。请检查它的权限。"))
        return
    for entry in entries:
        path = Path(entry.path)
        src = path.relative_to(docs_dir).as_posix()
        if entry.name.startswith(".") or src in _UNPUBLISHED_TOP or src in _SETTINGS_FILES:
            continue
        if not _utf8(entry.name):
            readable = shown(folder) + "/" + os.fsencode(entry.name).decode("utf-8", "replace")
            found.problems.append(Problem(readable, 1,
                "文件名不是 UTF-8 编码（常见于从 Windows 压缩包里解出来的文件），网站无法发布它。"
                "请把它重新命名：名字里只用汉字、字母、数字和横线。"))
            continue
        if entry.is_symlink():
            target = os.readlink(entry.path)
            found.problems.append(Problem(shown(path), 1,
                f"这是一个快捷方式（符号链接），指向 {target}。门户不发布快捷方式，以免把别处的文件公开出去。"
                "请删除它；确实需要的文件，请把文件本身复制到这里。"))
            continue
        if entry.is_dir():
            _walk(path, docs_dir, shown, found)
        elif entry.is_file():
            _check_file(path, src, entry.stat().st_size, shown, found)
        else:  # a pipe or a device: reading it would wait forever
            found.problems.append(Problem(shown(path), 1,
                "这不是普通文件（可能是管道或设备文件），不能发布。请删除它。"))


def _check_file(path: Path, src: str, size: int, shown, found: DocsFiles) -> None:
    found.published.add(src)
    suffix = path.suffix.lower()
    if near_miss := _near_miss(path.name):
        found.problems.append(Problem(shown(path), 1, near_miss))
        return
    if is_markdown(path.name):
        if size > MARKDOWN_LIMIT:  # not even read: the text limits of the check are far below this
            found.problems.append(Problem(shown(path), 1,
                f"文件有 {size / 1024 / 1024:.1f} MB，一个页面不可能这么长。"
                "请检查是不是放错了文件，或把内容拆成几篇。"))
        else:
            found.markdown.append(path)
        return
    if suffix not in IMAGE_SUFFIXES + DOWNLOAD_SUFFIXES:
        found.problems.append(Problem(shown(path), 1, _refusal(suffix)))
    elif suffix in IMAGE_SUFFIXES and size > IMAGE_LIMIT:
        found.problems.append(Problem(shown(path), 1,
            f"图片有 {size / 1024 / 1024:.1f} MB，超过了 5 MB 的上限。请先把它缩小再放进来："
            "用 Windows 自带的“画图”打开，选“重新调整大小”，把宽度改成 1600 像素，另存为 JPG（编辑指南里有步骤）。"))
    elif suffix in IMAGE_SUFFIXES and (pixels := photos.picture_pixels(path) or 0) > photos.PIXEL_LIMIT:
        counted = f"有 {pixels // 10_000} 万像素，" if pixels <= 2 * photos.PIXEL_LIMIT else ""
        found.problems.append(Problem(shown(path), 1,
            f"图片{counted}超过了 {photos.PIXEL_LIMIT // 10_000} 万像素的上限（手机照片一般是 1200 万像素），"
            "这可能不是一张正常的照片。"
            "请用“画图”打开它，选“重新调整大小”，把宽度改成 1600 像素，另存为 JPG 再放进来。"))
    elif size > FILE_LIMIT:
        found.problems.append(Problem(shown(path), 1,
            f"文件有 {size / 1024 / 1024:.1f} MB，超过了 20 MB 的上限。请压缩后再放进来，或拆成几个文件。"))


def _near_miss(name: str) -> str | None:
    """A page saved under a name MkDocs will not render: Notepad's .txt, Word's .docx, .md twice."""
    lower = name.lower()
    for wrong in (".txt", ".md", ".docx", ".doc", ".rtf"):
        stem = name[: -len(wrong)]
        if lower.endswith(wrong) and is_markdown(stem) and stem.lower() != lower:
            return (f"文件名“{name}”多了“{name[len(stem):]}”，网站不会把它当成页面。请把文件改名为“{stem}”"
                    "（在文件资源管理器的“查看”里勾选“文件扩展名”，就能看到完整的名字）。")
    return None


def _refusal(suffix: str) -> str:
    if suffix in CODE_SUFFIXES:
        return (f"不能放 {suffix} 文件：网页、脚本、样式和 SVG 图片能改变同事浏览器里的页面，甚至运行代码。"
                "正文请写成 Markdown（.md）文件；图片请存成 JPG 或 PNG。"
                "网站自己的样式和脚本由技术人员维护，在 overrides/assets/ 里。")
    what = f"“{suffix}”" if suffix else "没有扩展名的"
    return (f"不能放{what}文件。门户只发布 Markdown 页面（.md）、图片（JPG、PNG、GIF、WebP）"
            "和供下载的文档（PDF、Word、Excel、PowerPoint、CSV、TXT、ZIP）。")


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
