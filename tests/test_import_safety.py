"""Import is all or nothing: a sheet that is wrong, huge, crafted or interrupted leaves no new file,
and the editor reads why in Chinese, never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from support import SHEET_HEADER as HEADER
from support import interrupt_portal, make_xlsx, run_portal

BODY = "党支部是党的基础组织，是党的全部工作和战斗力的基础。"


def every_file(project: Path) -> set[str]:
    return {p.relative_to(project).as_posix() for p in (project / "docs").rglob("*")}


def rows_from(start: dt.date, count: int) -> list[tuple]:
    return [((start + dt.timedelta(days=n)).isoformat(), f"第 {n} 条", "政治理论", "", BODY, "") for n in range(count)]


def import_sheet(project: Path, sheet: Path, timeout: int = 120) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = run_portal(project, "import", "morning", str(sheet), timeout=timeout)
    return result, time.monotonic() - started


def assert_refused(project: Path, before: set[str], result, *words: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    for word in words:
        assert word in output, output
    assert every_file(project) == before


def test_a_row_that_cannot_be_written_takes_back_the_rows_before_it(project, tmp_path):
    (project / "docs/morning/2028").write_text("挡路的文件", encoding="utf-8")  # a file where a folder must go
    sheet = make_xlsx(tmp_path / "安排.xlsx", [
        ("2027-01-04", "一", "政治理论", "", BODY, ""),
        ("2027-01-05", "二", "政治理论", "", BODY, ""),
        ("2028-01-04", "三", "政治理论", "", BODY, ""),
    ])
    before = every_file(project)
    result, _ = import_sheet(project, sheet)
    assert_refused(project, before, result,
                   "路径上有一个同名的文件挡住了文件夹", "已经写入的文件都已撤回，没有导入任何一条")


def test_ctrl_c_while_writing_takes_back_every_file(project, monkeypatch):
    from portal_core import importer
    from portal_core.site_config import load_settings

    settings, _ = load_settings(project)
    drafts = [importer.Draft(n, {"date": dt.date(2031, 1, 1) + dt.timedelta(days=n), "title": f"第 {n} 条",
                                 "topic": "政治理论"}, BODY)
              for n in range(300)]
    before = every_file(project)

    def press_ctrl_c(stage: str, done: int, total: int) -> None:
        if done == 100:
            os.kill(os.getpid(), signal.SIGINT)  # as the terminal does: to the process, mid-write

    with pytest.raises(importer.ImportInterrupted):
        importer.write_drafts(drafts, settings, press_ctrl_c)
    assert every_file(project) == before
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl+C works as before afterwards


def test_ctrl_c_in_the_command_prints_chinese_and_writes_nothing(project, tmp_path):
    sheet = make_xlsx(tmp_path / "安排.xlsx", rows_from(dt.date(2031, 1, 1), 3000))
    before = every_file(project)
    # Ctrl+C once the progress lines say the sheet is being checked.
    code, stdout, stderr = interrupt_portal(project, "import", "morning", str(sheet), at="正在检查", stream="stderr")
    assert code == 130, stdout + stderr
    assert "已取消导入，没有写入任何文件" in stderr and "Traceback" not in stderr
    assert every_file(project) == before


def test_a_sheet_declaring_a_million_rows_is_refused_at_once(project, tmp_path):
    sheet = make_xlsx(tmp_path / "安排.xlsx", rows_from(dt.date(2031, 1, 1), 3))
    crafted = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(sheet) as source, zipfile.ZipFile(crafted, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
            target.writestr(item, data)
    assert crafted.stat().st_size < 10_000
    before = every_file(project)
    result, seconds = import_sheet(project, crafted, timeout=60)
    assert_refused(project, before, result, "表格自称有 1,048,576 行、16,384 列，实际只有 4 行内容")
    print(f"declared A1:XFD1048576: refused in {seconds:.2f} s")


def test_a_sheet_over_five_thousand_rows_is_refused_briefly(project, tmp_path):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows_from(dt.date(2031, 1, 1), 6000):
        sheet.append(row)
    path = tmp_path / "太多.xlsx"
    workbook.save(path)
    before = every_file(project)
    result, seconds = import_sheet(project, path)
    assert_refused(project, before, result, "表格超过 5,000 行")
    assert len((result.stdout + result.stderr).splitlines()) < 5
    print(f"6,000 rows: refused in {seconds:.2f} s")


def test_at_most_fifty_problems_are_listed(project, tmp_path):
    rows = [(f"2031-01-{n % 28 + 1:02d}", "", "体育", "", "", "") for n in range(120)]
    before = every_file(project)
    result, _ = import_sheet(project, make_xlsx(tmp_path / "错.xlsx", rows))
    assert_refused(project, before, result, "……还有", "个问题未列出")
    assert len(result.stdout.splitlines()) < 60


def test_a_csv_cell_of_two_lines_gives_two_paragraphs(project, tmp_path):
    sheet = tmp_path / "安排.csv"
    sheet.write_text('日期,标题,主题,标签,正文,出处\n2031-01-06,两段,政治理论,,"第一段，学习支部工作条例。\n'
                     '第二段，落实三会一课制度。",\n', encoding="utf-8")
    result, _ = import_sheet(project, sheet)
    assert result.returncode == 0, result.stdout
    text = (project / "docs/morning/2031/2031-01-06.md").read_text(encoding="utf-8")
    assert text.endswith("第一段，学习支部工作条例。\n\n第二段，落实三会一课制度。\n")


def test_a_gb18030_csv_keeps_rare_characters(project, tmp_path):
    sheet = tmp_path / "安排.csv"
    sheet.write_bytes("日期,标题,主题,标签,正文,出处\n2031-01-07,生僻字𠀀䶮之后的字,政治理论,,"
                      "正文里也有𠀀䶮两个字，后面的字不能丢。,\n".encode("gb18030"))
    result, _ = import_sheet(project, sheet)
    assert result.returncode == 0, result.stdout
    text = (project / "docs/morning/2031/2031-01-07.md").read_text(encoding="utf-8")
    assert "title: 生僻字𠀀䶮之后的字" in text and "正文里也有𠀀䶮两个字，后面的字不能丢。" in text


def test_bytes_no_encoding_can_read_are_refused(project, tmp_path):
    sheet = tmp_path / "安排.csv"
    sheet.write_bytes("日期,标题\n".encode("utf-8") + b"\x81\x30\xff\xff\n")
    before = every_file(project)
    result, _ = import_sheet(project, sheet)
    assert_refused(project, before, result, "无法识别这个 CSV 文件的编码")


def test_a_file_that_is_not_a_spreadsheet(project, tmp_path):
    sheet = tmp_path / "安排.xlsx"
    shutil.copy(project / "docs/activities/images/2026-06-28-red-journey.jpg", sheet)
    before = every_file(project)
    result, _ = import_sheet(project, sheet)
    assert_refused(project, before, result, "它不是 Excel 表格")


def test_formula_cells_without_a_saved_value(project, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(("2031-01-08", '=CONCAT("学习", "条例")', "政治理论", "", BODY, ""))
    path = tmp_path / "公式.xlsx"
    workbook.save(path)  # openpyxl, like some exporters, saves formulas without their results
    before = every_file(project)
    result, _ = import_sheet(project, path)
    assert_refused(project, before, result, "第 2 行：第 2 列是公式", "没有保存它的计算结果")


def test_merged_cells_are_named(project, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(("2031-01-08", "一", "政治理论", "", BODY, ""))
    sheet.append((None, "二", "政治理论", "", BODY, ""))
    sheet.merge_cells("A2:A3")
    path = tmp_path / "合并.xlsx"
    workbook.save(path)
    before = every_file(project)
    result, _ = import_sheet(project, path)
    assert_refused(project, before, result, "A2:A3 是合并的单元格（第 2 到 3 行）")
