"""The editors' commands, run as editors run them: check, new, import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from support import ROOT, make_xlsx, run_portal


def morning_files(project: Path) -> set[str]:
    return {p.relative_to(project).as_posix() for p in (project / "docs/morning").rglob("*.md")}


def test_check_passes_on_the_sample_content():
    result = run_portal(ROOT, "check")
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("检查通过：晨学 ")
    assert "没有发现问题" in result.stdout


def test_check_lists_every_problem_and_fails(project):
    (project / "docs/morning/2026/2026-12-02.md").write_text(
        "---\ntitle: 学习: 一\ndate: 2026-12-02\ntopic: 政治理论\n---\n\n正文\n", encoding="utf-8")
    (project / "docs/morning/2026/2026-12-03.md").write_bytes("---\ntitle: 记事本\n---\n".encode("gbk"))
    (project / "docs/lectures/2026-12-04-x.md").write_text(
        "---\ntitle: 党课\ndate: 2026-12-04\n---\n\n正文\n", encoding="utf-8")
    result = run_portal(project, "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert ("docs/morning/2026/2026-12-02.md:2: 标题里有英文冒号“:”，"
            "请给整个标题加引号，例如 title: \"学习体会: 第一讲\"。") in lines
    assert any(line.startswith("docs/morning/2026/2026-12-03.md:2: 文件不是 UTF-8 编码，看起来是 GBK")
               for line in lines)
    assert any(line.startswith("docs/lectures/2026-12-04-x.md:1: 缺少主讲人 speaker") for line in lines)
    reported = sum(":" in line and line.startswith("docs/") for line in lines)
    assert lines[-1] == f"共发现 {reported} 个问题，请按每一行的提示修改后再运行检查。"
    assert "Traceback" not in result.stdout + result.stderr


def test_new_morning_scaffolds_and_never_overwrites(project):
    result = run_portal(project, "new", "morning", "--date", "2026-12-07", "--title", "冬训: 第一课",
                        "--topic", "政治理论")
    assert result.returncode == 0, result.stdout
    path = project / "docs/morning/2026/2026-12-07.md"
    assert "已创建 docs/morning/2026/2026-12-07.md" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: '冬训: 第一课'\ndate: 2026-12-07\ntopic: 政治理论\n---\n")
    assert "正文还是新建时的提示文字" in run_portal(project, "check").stdout  # not published until written

    path.write_text(text.split("---\n", 2)[0] + "---\n" + text.split("---\n", 2)[1] + "---\n\n编辑写的正文。\n",
                    encoding="utf-8")
    assert run_portal(project, "check").returncode == 0
    again = run_portal(project, "new", "morning", "--date", "2026-12-07", "--title", "别的", "--topic", "政治理论")
    assert again.returncode == 1
    assert "已经存在，没有覆盖" in again.stdout
    assert path.read_text(encoding="utf-8").endswith("编辑写的正文。\n")


def test_new_morning_refuses_bad_input(project):
    result = run_portal(project, "new", "morning", "--date", "2026-02-30", "--title", "好", "--topic", "体育")
    assert result.returncode == 1
    assert "日期“2026-02-30”不对" in result.stdout
    assert "主题 topic “体育”不在可选范围内。可选：政治理论、" in result.stdout
    assert not (project / "docs/morning/2026/2026-02-30.md").exists()
    missing = run_portal(project, "new", "morning", "--date", "2026-12-07")
    assert missing.returncode == 2 and "缺少必填的参数" in missing.stderr


def test_import_xlsx_writes_checked_items(project, tmp_path):
    sheet = make_xlsx(tmp_path / "安排.xlsx", [
        (dt.datetime(2027, 1, 4), "新年第一课", "政治理论", "入党誓词、理想信念", "第一段。\n第二段。", None),
        ("2027-01-05", "党支部的基本任务: 一", "党规党纪", None, "党支部是党的基础组织。",
         "《中国共产党支部工作条例（试行）》"),
        ("2027/1/6", "冬季食品安全", "食品药品安全", "食品安全", "烧熟煮透。", ""),
    ])
    before = morning_files(project)
    result = run_portal(project, "import", "morning", str(sheet))
    assert result.returncode == 0, result.stdout
    assert "已导入 3 条晨学（2027-01-04 至 2027-01-06）" in result.stdout
    assert morning_files(project) - before == {
        "docs/morning/2027/2027-01-04.md", "docs/morning/2027/2027-01-05.md", "docs/morning/2027/2027-01-06.md",
    }
    first = (project / "docs/morning/2027/2027-01-04.md").read_text(encoding="utf-8")
    assert "tags:\n- 入党誓词\n- 理想信念\n" in first and first.endswith("第一段。\n\n第二段。\n")
    second = (project / "docs/morning/2027/2027-01-05.md").read_text(encoding="utf-8")
    assert "title: '党支部的基本任务: 一'" in second and "source: 《中国共产党支部工作条例（试行）》" in second
    assert run_portal(project, "check").returncode == 0


def test_import_with_a_bad_row_writes_nothing(project, tmp_path):
    sheet = make_xlsx(tmp_path / "安排.xlsx", [
        ("2027-01-04", "好", "政治理论", "", "正文。", ""),
        ("2027-02-30", "日期不存在", "政治理论", "", "正文。", ""),
        ("2027-01-06", "", "体育", "", "", ""),
        ("2026-11-27", "已经有了", "廉政教育", "", "正文。", ""),
        ("2027-01-07", "<img src=x onerror=alert(1)>", "政治理论", "", "<script>x</script>", ""),
    ])
    existing = (project / "docs/morning/2026/2026-11-27.md").read_bytes()
    before = morning_files(project)
    result = run_portal(project, "import", "morning", str(sheet))
    assert result.returncode == 1
    out = result.stdout
    assert f"{sheet.as_posix()}:3: 第 3 行：日期 2027-02-30 不是真实存在的日期" in out
    assert ("第 4 行：标题 title 是空的" in out and "第 4 行：主题 topic “体育”不在可选范围内" in out
            and "第 4 行：正文是空的" in out)
    assert "第 5 行：2026-11-27 已经有晨学（docs/morning/2026/2026-11-27.md），导入不会覆盖它。" in out
    assert "第 6 行：标题 title 里不能写 HTML 标签" in out and "第 6 行：正文里不能使用 <script> 标签" in out
    assert "没有导入任何一条" in out
    assert morning_files(project) == before
    assert (project / "docs/morning/2026/2026-11-27.md").read_bytes() == existing


def test_import_big_sheet_shows_progress(project, tmp_path):
    start = dt.date(2030, 1, 1)
    rows = [((start + dt.timedelta(days=n)).isoformat(), f"第 {n} 条", "政治理论", "", "正文。", "")
            for n in range(400)]
    result = run_portal(project, "import", "morning", str(make_xlsx(tmp_path / "十年.xlsx", rows)))
    assert result.returncode == 0, result.stdout
    assert "正在检查：40/400 行" in result.stderr and "正在写入：400/400 行" in result.stderr
    assert len(list((project / "docs/morning/2030").glob("*.md"))) == 365


def test_import_csv_saved_by_chinese_excel(project, tmp_path):
    sheet = tmp_path / "安排.csv"
    sheet.write_bytes("日期,标题,主题,标签,正文,出处\n2027-03-01,三月的第一课,党史学习,党史,正文。,\n".encode("gbk"))
    result = run_portal(project, "import", "morning", str(sheet))
    assert result.returncode == 0, result.stdout
    assert "title: 三月的第一课" in (project / "docs/morning/2027/2027-03-01.md").read_text(encoding="utf-8")


def test_import_names_missing_columns_and_wrong_files(project, tmp_path):
    sheet = tmp_path / "少列.csv"
    sheet.write_text("日期,标题\n2027-03-01,好\n", encoding="utf-8")
    result = run_portal(project, "import", "morning", str(sheet))
    assert result.returncode == 1 and "表格缺少“主题、正文”列" in result.stdout
    other = tmp_path / "安排.docx"
    other.write_bytes(b"PK")
    result = run_portal(project, "import", "morning", str(other))
    assert result.returncode == 1 and "只能导入 .xlsx（Excel）或 .csv 文件" in result.stdout
    result = run_portal(project, "import", "morning", str(tmp_path / "不存在.xlsx"))
    assert result.returncode == 1 and "找不到文件" in result.stdout
