"""The 晨学 contract, checked file by file: each mistake named at its line, all in one run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from portal_core.checker import check_content
from portal_core.site_config import Settings

TOPICS = ("政治理论", "党规党纪", "党史学习", "廉政教育", "食品药品安全", "扫黑除恶", "市场监管业务")
GOOD_BODY = "党支部是党的基础组织，是党的全部工作和战斗力的基础。今天我们读一读支部的基本任务。\n"


@pytest.fixture
def docs(tmp_path) -> Path:
    (tmp_path / "docs/morning").mkdir(parents=True)
    return tmp_path / "docs"


def settings(docs: Path) -> Settings:
    return Settings(root=docs.parent, docs_dir=docs, branches=("机关党支部",), topics=TOPICS)


def item(docs: Path, name: str, front: str, body: str = GOOD_BODY) -> str:
    path = docs / "morning" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    return f"docs/morning/{name}"


def problems_of(docs: Path) -> list[str]:
    return [str(problem) for problem in check_content(settings(docs)).problems]


def test_a_good_item_becomes_a_full_item(docs):
    item(docs, "2026/2026-03-05.md",
         "title: 支部的基本任务\ndate: 2026-03-05\ntopic: 党规党纪\ntags:\n  - 支部\n"
         "source: 《中国共产党支部工作条例（试行）》\n"
         "question:\n  prompt: 党支部是党的什么组织？\n  options:\n    - 基础组织\n    - 临时组织\n  answer: a\n",
         GOOD_BODY + "\n" + "学" * 700 + "\n")
    result = check_content(settings(docs))
    assert result.problems == []
    [parsed] = result.archive.items
    assert parsed.date == dt.date(2026, 3, 5)
    assert parsed.tags == ("支部",) and parsed.source == "《中国共产党支部工作条例（试行）》"
    assert parsed.summary == GOOD_BODY.strip()
    assert parsed.question.answer == "A" and parsed.question.answer_text == "基础组织"
    assert parsed.reading_minutes == 3  # ~740 Chinese characters at 300 a minute


@pytest.mark.parametrize(
    ("name", "front", "expected"),
    [
        ("2026/2026-03-05.md", "date: 2026-03-05\ntopic: 政治理论\n", ":1: 缺少标题 title"),
        ("2026/2026-03-05.md", "title: \"\"\ndate: 2026-03-05\ntopic: 政治理论\n", ":2: 标题 title 是空的"),
        ("2026/2026-03-05.md", "title: 好\ndate: 2026-3-5\ntopic: 政治理论\n", ":3: 日期 date “2026-3-5”的写法不对"),
        ("2026/2026-02-30.md", "title: 好\ndate: 2026-02-30\ntopic: 政治理论\n",
         ":3: date 的值“2026-02-30”不是真实存在的日期"),
        ("2026/2026-03-06.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\n",
         ":3: 日期 2026-03-05 和文件名 2026-03-06.md 不一致"),
        ("2025/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\n",
         ":3: 日期是 2026 年，文件却在 2025/ 文件夹里"),
        ("2026/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 体育\n",
         ":4: 主题 topic “体育”不在可选范围内。"
         "可选：政治理论、党规党纪、党史学习、廉政教育、食品药品安全、扫黑除恶、市场监管业务"),
        ("2026/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\ntags: 廉政\n",
         ":5: 标签 tags 应该写成列表"),
        ("2026/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\ntags:\n  - 甲\n  - [乙]\n",
         ":7: 标签 tags 的每一项都应该是一段文字"),
        ("2026/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\nquestion: 哪一项对？\n",
         ":5: 每日一题 question 应该包含 prompt"),
        ("2026/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\nquestion:\n  prompt: 题\n  options:\n"
                               "    - 甲\n    - 乙\n  answer: C\n", ":10: 答案是 C，但只有 2 个选项（A 到 B）"),
        ("2026/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\nquestion:\n  prompt: 题\n  options:\n"
                               "    - 甲\n  answer: A\n", ":7: 每日一题的选项 options 应该是 2 到 6 项的列表"),
        ("2026/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\nquestion:\n  prompt: 题\n"
                               "  options: [甲, 乙]\n  answer: 甲\n", ":8: 每日一题的答案 answer 应该是一个字母"),
        ("2026/2026-03-05.md", "title: <img src=x onerror=alert(1)>\ndate: 2026-03-05\ntopic: 政治理论\n",
         ":2: 标题 title 里不能写 HTML 标签"),
        ("2026/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\ntitel: 错字\n",
         ":5: 不认识的字段“titel”"),
    ],
)
def test_each_mistake_is_named_at_its_line(docs, name, front, expected):
    shown = item(docs, name, front)
    problems = problems_of(docs)
    assert any(problem.startswith(shown + expected) for problem in problems), problems


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("第一段。\n\n<script>alert(1)</script>\n", 9, "不能使用 <script> 标签"),
        ("<iframe src=\"x.html\"></iframe>\n", 7, "不能使用 <iframe> 标签"),
        ("<OBJECT data=\"x\"></OBJECT>\n", 7, "不能使用 <object> 标签"),
        ("<p>第一段</p>\n<div onmouseover=\"x()\">第二段</div>\n", 8, "“onmouseover=”这类属性"),
        ("[点这里](javascript:alert(1))\n", 7, "不能以 javascript: 开头"),
        ("<a href='JavaScript:void(0)'>点</a>\n", 7, "不能以 javascript: 开头"),
    ],
)
def test_code_in_the_body_is_refused_at_its_line(docs, body, line, words):
    shown = item(docs, "2026/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\n", body)
    problems = problems_of(docs)
    assert any(problem.startswith(f"{shown}:{line}:") and words in problem for problem in problems), problems


def test_code_shown_as_code_is_allowed(docs):
    item(docs, "2026/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\n",
         GOOD_BODY + "\n不要写 `<script>`。\n\n```html\n<script>alert(1)</script>\n```\n\n"
         "<div class=\"note\">版式</div>\n")
    assert problems_of(docs) == []


def test_duplicate_dates_name_both_files(docs):
    first = item(docs, "2026/2026-03-05.md", "title: 原来的\ndate: 2026-03-05\ntopic: 政治理论\n")
    copy = item(docs, "2026/2026-03-06.md", "title: 复制的\ndate: 2026-03-05\ntopic: 政治理论\n")
    problems = problems_of(docs)
    assert f"{first}:3: 日期 2026-03-05 与 {copy} 重复：每天只能有一条晨学。请改正日期，文件名也要一起改。" in problems
    assert any(problem.startswith(f"{copy}:3: 日期 2026-03-05 与 {first} 重复") for problem in problems)


def test_unreadable_files_are_named(docs):
    (docs / "morning/2026").mkdir()
    (docs / "morning/2026/2026-03-05.md").write_bytes("---\ntitle: 记事本\n---\n".encode("gbk"))
    (docs / "morning/2026/2026-03-06.md").write_text("", encoding="utf-8")
    (docs / "morning/2026/2026-03-09.md").write_text("只有正文，没有前言信息。\n", encoding="utf-8")
    assert problems_of(docs) == [
        "docs/morning/2026/2026-03-05.md:2: 文件不是 UTF-8 编码，看起来是 GBK（Windows 记事本的“ANSI”）。"
        "请用记事本打开，选“另存为”，把“编码”改成“UTF-8”后保存。",
        "docs/morning/2026/2026-03-06.md:1: 文件是空的。请写上前言信息和正文，或者删除这个文件。",
        "docs/morning/2026/2026-03-09.md:1: 缺少前言信息：文件第一行应该是 ---，接着写 title、date、topic 各一行，"
        "再用一行 --- 结束，然后写正文。",
    ]


def test_every_problem_in_every_file_in_one_run(docs):
    item(docs, "2026/2026-03-05.md", "title: 学习: 第一讲\ndate: 2026-03-05\ntopic: 政治理论\n")
    item(docs, "2026/2026-03-06.md", "title: 好\ndate: 2026-03-06\ntopic: 体育\ntags: 甲\n", "")
    problems = problems_of(docs)
    assert len(problems) == 4, problems
    assert [p.split(":")[1] for p in problems] == ["2", "4", "5", "7"]


def test_empty_body_and_misplaced_file(docs):
    shown = item(docs, "2026/2026-03-05.md", "title: 好\ndate: 2026-03-05\ntopic: 政治理论\n", "\n")
    (docs / "morning/notes.md").write_text("---\ntitle: 随手记\n---\n\n正文\n", encoding="utf-8")
    problems = problems_of(docs)
    assert f"{shown}:6: 正文是空的：请写上今天的学习内容（写在前言信息结束的那行 --- 下面）。" in problems
    assert any(problem.startswith("docs/morning/notes.md:1: 晨学文件要放在 morning/年份/ 文件夹里")
               for problem in problems)


def test_other_sections_need_their_fields(docs):
    (docs / "lectures").mkdir()
    (docs / "lectures/2026-01-02-x.md").write_text(
        "---\ntitle: 党课\ndate: 2026-01-02\nspeaker: 书记\nbranch: 外单位\nkind: 大党课\n---\n\n正文\n",
        encoding="utf-8")
    (docs / "activities/posts").mkdir(parents=True)
    (docs / "activities/posts/2026-01-03-y.md").write_text(
        "---\ntitle: 活动\ndate: 2026-01-03\n---\n\n正文\n", encoding="utf-8")
    (docs / "manuals/integrity").mkdir(parents=True)
    (docs / "manuals/integrity/04-z.md").write_text("# 没有前言信息的章节\n", encoding="utf-8")
    problems = problems_of(docs)
    assert any(p.startswith("docs/lectures/2026-01-02-x.md:5: "
                            "支部 branch “外单位”不在可选范围内。可选：机关党支部") for p in problems)
    assert any(p.startswith("docs/lectures/2026-01-02-x.md:6: "
                            "类别 kind “大党课”不在可选范围内。可选：书记讲党课、微党课") for p in problems)
    assert any(p.startswith("docs/activities/posts/2026-01-03-y.md:1: 缺少支部 categories") for p in problems)
    assert any(p.startswith("docs/manuals/integrity/04-z.md:1: 缺少前言信息") for p in problems)
