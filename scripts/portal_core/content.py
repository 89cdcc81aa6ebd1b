"""Reading an editor's Markdown file: front matter and body."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import frontmatter


@dataclass(frozen=True)
class Document:
    path: Path
    meta: dict
    body: str


def read_document(path: Path) -> Document:
    # utf-8-sig: files saved by Windows Notepad start with a BOM.
    post = frontmatter.load(path, encoding="utf-8-sig")
    return Document(path=path, meta=dict(post.metadata), body=post.content)


def meta_date(value) -> dt.date | None:
    """A date from front matter: `2026-06-28`, or the blog's `{created: ...}`."""
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
