"""Importing a month of 晨学 with its questions: the 每日一题 columns become the item's question,
as the guide describes them; a column the import does not know stops it, named, so nothing an
editor typed is dropped in silence."""

from __future__ import annotations

from portal_core.content import read_document
from support import ROOT, make_xlsx, run_portal

HEADER = ["日期", "标题", "主题", "标签", "正文", "出处", "每日一题", "选项", "答案", "解析"]


def test_the_question_columns_become_the_items_question(project, tmp_path):
    rows = [["2027-01-04", "新年第一课", "政治理论", "", "新年第一个工作日，重温入党誓词。", "",
             "入党誓词一共多少个字？", "A. 八十个字\nB. 一百个字\nC. 一百二十个字", "a", "誓词共八十个字。"],
            ["2027-01-05", "冬季食品安全", "食品药品安全", "", "冬季要做到烧熟煮透、生熟分开。", "",
             "下列做法正确的是？", "生熟共用砧板；烧熟煮透；剩菜常温过夜", "B", ""],
            ["2027-01-06", "支部基本任务", "党规党纪", "", "党支部是党的基础组织。", "", "", "", "", ""]]
    result = run_portal(project, "import", "morning", str(make_xlsx(tmp_path / "a.xlsx", rows, HEADER)))
    assert result.returncode == 0, result.stdout + result.stderr
    first, _ = read_document(project / "docs/morning/2027/2027-01-04.md")
    assert first.meta["question"] == {"prompt": "入党誓词一共多少个字？",
                                      "options": ["八十个字", "一百个字", "一百二十个字"],
                                      "answer": "A", "explain": "誓词共八十个字。"}
    second, _ = read_document(project / "docs/morning/2027/2027-01-05.md")
    assert second.meta["question"]["options"] == ["生熟共用砧板", "烧熟煮透", "剩菜常温过夜"]
    third, _ = read_document(project / "docs/morning/2027/2027-01-06.md")
    assert "question" not in third.meta
    assert run_portal(project, "check").returncode == 0


def test_a_half_written_question_is_named_and_nothing_is_imported(project, tmp_path):
    rows = [["2027-01-04", "新年第一课", "政治理论", "", "重温入党誓词。", "", "誓词多少字？",
             "八十个字\n一百个字", "D", ""],
            ["2027-01-05", "支部基本任务", "党规党纪", "", "党支部是党的基础组织。", "", "", "一个\n两个", "", ""]]
    result = run_portal(project, "import", "morning", str(make_xlsx(tmp_path / "b.xlsx", rows, HEADER)))
    assert result.returncode == 1
    assert ":2: 第 2 行：" in result.stdout and "D" in result.stdout
    assert "第 3 行：填了选项或答案，却没有填“每日一题”的题目" in result.stdout
    assert not (project / "docs/morning/2027").exists()


def test_an_unknown_column_stops_the_import_and_is_named(project, tmp_path):
    header = ["日期", "标题", "主题", "正文", "备注", "答案解析"]
    rows = [["2027-01-04", "新年第一课", "政治理论", "重温入党誓词。", "王书记审过", "略"]]
    result = run_portal(project, "import", "morning", str(make_xlsx(tmp_path / "c.xlsx", rows, header)))
    assert result.returncode == 1
    assert "表格第一行有不认识的列“备注、答案解析”" in result.stdout
    assert not (project / "docs/morning/2027").exists()


def test_the_guides_example_sheets_import_with_their_questions(project):
    for name in ("morning-import-example.xlsx", "morning-import-example.csv"):
        result = run_portal(project, "import", "morning", str(ROOT / "docs/guide" / name))
        assert result.returncode == 0, result.stdout
        item, _ = read_document(project / "docs/morning/2027/2027-01-06.md")
        assert item.meta["question"]["answer"] == "B"
        for path in (project / "docs/morning/2027").iterdir():
            path.unlink()
