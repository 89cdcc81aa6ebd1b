"""Reading a content file: every problem at the line an editor must fix."""

from __future__ import annotations

import datetime as dt

import pytest
from portal_core.content import read_document


def read(tmp_path, text: str | bytes):
    path = tmp_path / "2026-03-05.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return read_document(path, "docs/morning/2026/2026-03-05.md")


def test_front_matter_body_and_lines(tmp_path):
    doc, problems = read(tmp_path, "---\ntitle: 标题\ndate: 2026-03-05\ntags:\n  - 甲\n  - 乙\n---\n\n正文第一段。\n")
    assert problems == []
    assert doc.meta == {"title": "标题", "date": dt.date(2026, 3, 5), "tags": ["甲", "乙"]}
    assert doc.line_of("date") == 3
    assert doc.line_of("tags", 1) == 6
    assert doc.body_line == 8
    assert doc.body.strip() == "正文第一段。"


def test_bom_and_crlf_are_normal(tmp_path):
    doc, problems = read(tmp_path,
                         "\ufeff---\r\ntitle: 记事本\r\ndate: 2026-03-05\r\n---\r\n\r\n正文。\r\n".encode("utf-8"))
    assert problems == []
    assert doc.meta["title"] == "记事本"
    assert doc.line_of("date") == 3


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: 学习体会: 第一讲\ndate: 2026-03-05\n---\n正文\n", 2, "标题里有英文冒号“:”，请给整个标题加引号"),
        ("---\ntitle: 好\nsource: 出处: 条例\n---\n正文\n", 3, "source 的值里有英文冒号"),
        ("---\ntitle: \"没有结尾\ndate: 2026-03-05\n---\n正文\n", 2, "引号没有配对"),
        ("---\ntitle: 好\ntags:\n\t- 甲\n---\n正文\n", 4, "Tab"),
        ("---\ntitle: 好\n  date: 2026-03-05\ntopic: 甲\n---\n正文\n", 3, "前面多了空格"),
        ("---\ntitle: 好\ntags:\n  - 甲\n - 乙\n---\n正文\n", 5, "缩进"),
        ("---\ntitle: 好\ndate: 2026-02-30\n---\n正文\n", 3, "“2026-02-30”不是真实存在的日期"),
        ("---\ntitle: 好\ntitle: 又一个\n---\n正文\n", 3, "title 写了两次"),
        ("---\n- 甲\n- 乙\n---\n正文\n", 2, "一行一项的“名称: 值”"),
        ("---\ntitle: 好\n正文没有结束线\n", 1, "前言信息没有结束"),
        ("", 1, "文件是空的"),
        ("\n  \n", 1, "文件是空的"),
    ],
)
def test_each_problem_at_its_line(tmp_path, text, line, words):
    _doc, problems = read(tmp_path, text)
    assert len(problems) == 1, problems
    assert problems[0].line == line
    assert words in problems[0].message
    assert str(problems[0]).startswith(f"docs/morning/2026/2026-03-05.md:{line}: ")


def test_gbk_file_is_named_as_such_at_the_first_bad_line(tmp_path):
    _doc, problems = read(tmp_path, "---\ntitle: 记事本保存\n---\n".encode("gbk"))
    assert [(p.line, "GBK" in p.message and "UTF-8" in p.message) for p in problems] == [(2, True)]


def test_file_without_front_matter_is_all_body(tmp_path):
    doc, problems = read(tmp_path, "# 标题\n\n正文。\n")
    assert problems == [] and doc.meta is None and doc.body.startswith("# 标题")
