"""The slips a Chinese input method makes in front matter: each named at the line where it was
typed, with the exact fix, in Chinese only — by the check and by the build alike."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import build_site, run_portal

BODY = "党支部是党的基础组织，是党的全部工作和战斗力的基础。今天我们读一读支部的基本任务。\n"

# (front matter as typed, the line of the slip, words of its message)
SLIPS = {
    "full-width colon after title": ("title：学习体会\ndate: {day}\ntopic: 政治理论\n", 2,
                                     "“title”后面的冒号是中文冒号“：”。请改成英文冒号"),
    "full-width colon after date": ("title: 学习体会\ndate：{day}\ntopic: 政治理论\n", 3,
                                    "“date”后面的冒号是中文冒号“：”"),
    "full-width colon after topic": ("title: 学习体会\ndate: {day}\ntopic：政治理论\n", 4,
                                     "“topic”后面的冒号是中文冒号“：”"),
    "no space after the colon": ("title:测试\ndate: {day}\ntopic: 政治理论\n", 2,
                                 "冒号后面要空一格：请把“title:测试”改成“title: 测试”"),
    "a non-breaking space from Word": ("title:\u00a0测试\ndate: {day}\ntopic: 政治理论\n", 2,
                                       "从 Word 复制来的特殊空格"),
    "a full-width space": ("title:\u3000测试\ndate: {day}\ntopic: 政治理论\n", 2, "全角空格"),
    "@ first": ("title: @全体党员 学习通知\ndate: {day}\ntopic: 政治理论\n", 2,
                'title 以“@”开头，YAML 会把它当成特殊符号。请给整个值加英文引号，写成 title: "@全体党员 学习通知"'),
    "[ first": ("title: [专题]学习党章\ndate: {day}\ntopic: 政治理论\n", 2, "title 以“[”开头"),
    "{ first": ("title: {专题}学习党章\ndate: {day}\ntopic: 政治理论\n", 2, "title 以“{”开头"),
    "* first": ("title: *重点*学习\ndate: {day}\ntopic: 政治理论\n", 2, "title 以“*”开头"),
    "& first": ("title: &学习\ndate: {day}\ntopic: 政治理论\n", 2, "title 以“&”开头"),
    "! first": ("title: !重要 学习\ndate: {day}\ntopic: 政治理论\n", 2, "title 以“!”开头"),
    "| first": ("title: |学习\ndate: {day}\ntopic: 政治理论\n", 2, "title 以“|”开头"),
    "> first": ("title: > 学习\ndate: {day}\ntopic: 政治理论\n", 2, "title 以“>”开头"),
    "% first": ("title: %学习\ndate: {day}\ntopic: 政治理论\n", 2, "title 以“%”开头"),
    "a # that cuts the title": ("title: 学习第3讲 #重点\ndate: {day}\ntopic: 政治理论\n", 2,
                                '（现在只剩“学习第3讲”）。请给整个值加英文引号，写成 title: "学习第3讲 #重点"'),
    "a # at the start": ("title: #重点学习\ndate: {day}\ntopic: 政治理论\n", 2, "（现在是空的）"),
    "a source with @": ("title: 学习\ndate: {day}\ntopic: 政治理论\nsource: @人民日报\n", 5, "source 以“@”开头"),
}


def plant(project) -> dict[str, tuple[str, str]]:
    """Each slip in its own 晨学 file; {case: (expected `path:line: `, words)}."""
    expected = {}
    for number, (case, (front, line, words)) in enumerate(SLIPS.items(), start=1):
        day = f"2027-01-{number:02d}"
        path = project / f"docs/morning/2027/{day}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + front.replace("{day}", day) + "---\n\n" + BODY, encoding="utf-8")
        expected[case] = (f"docs/morning/2027/{day}.md:{line}: ", words)
    return expected


def test_each_slip_is_named_at_its_line_by_the_check(project):
    expected = plant(project)
    result = run_portal(project, "check")
    assert result.returncode == 1
    for case, (where, words) in expected.items():
        lines = [line for line in result.stdout.splitlines() if line.startswith(where)]
        assert lines and all(words in line for line in lines), (case, result.stdout)
        # one message per slip: nothing blames the next line or another field
        file = where.split(":")[0]
        others = [line for line in result.stdout.splitlines() if line.startswith(file + ":") and where not in line]
        assert others == [], (case, others)
    assert not any(english in result.stdout for english in ("found character", "mapping values", "expected", "token"))


@pytest.mark.build
def test_the_build_reports_the_same_slips(project, tmp_path):
    expected = plant(project)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    for case, (where, words) in expected.items():
        assert any(where in line and words in line for line in output.splitlines()), (case, output[-3000:])


@pytest.mark.parametrize("front", [
    "title: \"@全体党员：学习通知\"\ndate: 2027-02-01\ntopic: 政治理论\n",
    "title: '学习第3讲 #重点'\ndate: 2027-02-01\ntopic: 政治理论\ntags:\n  - 党章          # 一个注释\n",
    "title: 学习：第一讲\ndate: 2027-02-01\ntopic: 政治理论\n",  # a Chinese colon inside the value is text
])
def test_the_fixes_the_messages_give_pass(project, front):
    path = project / "docs/morning/2027/2027-02-01.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + front + "---\n\n" + BODY, encoding="utf-8")
    result = run_portal(project, "check")
    assert result.returncode == 0, result.stdout


def test_an_item_made_by_new_and_never_written_is_refused(project):
    made = run_portal(project, "new", "morning", "--date", "2027-03-01", "--title", "还没写", "--topic", "政治理论")
    assert made.returncode == 0 and "bash scripts/dev.sh portal check" in made.stdout
    result = run_portal(project, "check")
    assert result.returncode == 1
    assert "docs/morning/2027/2027-03-01.md:7: 正文还是新建时的提示文字，请换成今天的学习内容" in result.stdout


@pytest.mark.parametrize("name", ["2027-03-02.md.txt", "2027-03-02.md.docx", "2027-03-02.md.md"])
def test_a_page_saved_under_a_near_miss_name_is_named(project, name):
    folder = project / "docs/morning/2027"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("---\ntitle: 学习\ndate: 2027-03-02\ntopic: 政治理论\n---\n\n" + BODY, encoding="utf-8")
    result = run_portal(project, "check")
    assert result.returncode == 1
    assert f"docs/morning/2027/{name}:1: 文件名“{name}”多了" in result.stdout
    assert "请把文件改名为“2027-03-02.md”" in result.stdout


@pytest.mark.build
def test_every_hint_names_a_command_that_works(project):
    hinted = run_portal(project, "new", "morning")  # incomplete: the error says how to get help
    assert "bash scripts/dev.sh portal --help" in hinted.stderr
    item = project / "docs/morning/2026/2026-11-27.md"
    item.write_text(item.read_text(encoding="utf-8").replace("date: 2026-11-27", "date: 2026-11-31"), encoding="utf-8")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(project / "site")],
                           cwd=project, capture_output=True, text=True, timeout=300)
    assert "bash scripts/dev.sh portal check" in built.stderr
    assert "python scripts/portal.py" not in hinted.stderr + built.stderr


@pytest.mark.build
def test_the_settings_file_is_checked_like_content(project, tmp_path):
    settings = project / "docs/morning/settings.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("  interval: 20", "\tinterval: 20"), encoding="utf-8")
    line = text.split("\n").index("  interval: 20        # 每张内容停留几秒") + 1
    check = run_portal(project, "check")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
                           cwd=project, capture_output=True, text=True, timeout=300)
    for output in (check.stdout, built.stderr):
        assert f"docs/morning/settings.yml:{line}: 这一行用了 Tab 键缩进，请改用空格。" in output, output[-1500:]
        assert "ScannerError" not in output and "Traceback" not in output


@pytest.mark.parametrize("slip, fix_at", [
    ("  - 机关党支部\n", " - 机关党支部\n"),  # one space short: YAML folds the list into one name
    ("  - 机关党支部\n", "\t- 机关党支部\n"),
    ("  - 第二市场监管所党支部\n", "  - 第二市场监管所党支部\n    - 多缩进的一行\n"),
    ("  - 第一市场监管所党支部\n", "  - 第一市场监管所党支部\n  - 第一市场监管所党支部\n"),
])
def test_a_broken_settings_file_is_the_only_problem_said(project, slip, fix_at):
    """Nothing is blamed on the reports and lectures that name a branch while the list has a fault:
    the settings file's own problem(s) only, at the line of the slip."""
    settings = project / "docs/morning/settings.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace(slip, fix_at, 1), encoding="utf-8")
    result = run_portal(project, "check")
    problems = [line for line in result.stdout.splitlines() if line.startswith("docs/")]
    assert result.returncode == 1 and problems, result.stdout
    assert all(line.startswith("docs/morning/settings.yml:") for line in problems), problems
    slip_line = text.split("\n").index(slip.rstrip("\n")) + 1
    assert any(line.startswith(f"docs/morning/settings.yml:{slip_line}:") for line in problems), problems
    assert not any("缺少" in line for line in problems), problems  # it is there, only mis-written


@pytest.mark.build
def test_a_branch_added_to_the_settings_file_is_a_branch(project, tmp_path):

    settings = project / "docs/morning/settings.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("  - 个私协会党支部\n",
                                                                     "  - 个私协会党支部\n  - 食品安全监管科党支部\n"),
                        encoding="utf-8")
    (project / "docs/activities/posts/2026-11-20-new-branch.md").write_text(
        "---\ntitle: 新支部的第一次主题党日\ndate: 2026-11-20\ncategories:\n  - 食品安全监管科党支部\n---\n\n"
        "食品安全监管科党支部成立后开展第一次主题党日活动，全体党员重温入党誓词。\n", encoding="utf-8")
    assert run_portal(project, "check").returncode == 0
    site = build_site(project, tmp_path / "site")
    assert (site / "activities/category/食品安全监管科党支部/index.html").is_file()
    (project / "docs/activities/posts/2026-11-21-unknown.md").write_text(
        "---\ntitle: 写错支部\ndate: 2026-11-21\ncategories:\n  - 不存在的支部\n---\n\n"
        "正文正文正文正文正文正文正文正文正文。\n",
        encoding="utf-8")
    refused = run_portal(project, "check")
    assert ("支部“不存在的支部”不在支部列表里" in refused.stdout
            and "docs/morning/settings.yml 的 branches" in refused.stdout)


def test_a_mistyped_setting_is_named_at_its_line_whatever_it_is_called(project):
    """Names with brackets or dots are names, not patterns: each is reported at its own line."""
    settings = project / "docs/morning/settings.yml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("print:\n", 'print:\n  "[纸张": A4\n', 1).replace("kiosk:\n", 'kiosk:\n  "间隔(秒": 20\n', 1)
    settings.write_text(text, encoding="utf-8")
    paper_line = text.split("\n").index('  "[纸张": A4') + 1
    interval_line = text.split("\n").index('  "间隔(秒": 20') + 1
    check = run_portal(project, "check")
    said = check.stdout + check.stderr
    assert f"docs/morning/settings.yml:{paper_line}: print 里不认识“[纸张”" in said, said
    assert f"docs/morning/settings.yml:{interval_line}: kiosk 里不认识“间隔(秒”" in said, said
    assert "出错了" not in said and "Traceback" not in said
