#!/usr/bin/env python3
"""The editors' commands, in Chinese. Argument parsing and printing only; the work is in portal_core.

    python scripts/portal.py check
    python scripts/portal.py new morning --date 2026-12-01 --title 标题 --topic 党规党纪
    python scripts/portal.py import morning 晨学安排.xlsx
"""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portal_core import importer  # noqa: E402
from portal_core.checker import check_content  # noqa: E402
from portal_core.content import meta_date  # noqa: E402
from portal_core.morning import expected_src  # noqa: E402
from portal_core.site_config import load_settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROGRESS_FROM = 200  # rows; smaller sheets finish before anyone waits
PROBLEMS_SHOWN = 50  # a sheet with thousands of bad rows needs the first few, not all


class ChineseParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        if "required" in message:
            message = "缺少必填的参数（" + message.split(":", 1)[-1].strip() + "）"
        elif "invalid choice" in message:
            message = "没有这个命令或类别（" + message.split("(choose from", 1)[-1].rstrip(")").strip() + " 之一）"
        print(f"命令写得不完整或有误：{message}", file=sys.stderr)
        print("运行 python scripts/portal.py --help 查看用法。", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="python scripts/portal.py", description="党建学习门户的编辑工具。")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")

    commands.add_parser("check", help="检查所有内容文件，一次列出全部问题")

    new = commands.add_parser("new", help="新建一条内容（目前支持 morning：晨学三分钟）")
    new.add_argument("kind", choices=["morning"], help="内容类别：morning")
    new.add_argument("--date", required=True, help="日期，例如 2026-12-01")
    new.add_argument("--title", required=True, help="标题")
    new.add_argument("--topic", required=True, help="主题，必须是主题列表里的一个")

    imports = commands.add_parser("import", help="从 Excel（.xlsx）或 .csv 表格导入晨学安排")
    imports.add_argument("kind", choices=["morning"], help="内容类别：morning")
    imports.add_argument("file", type=Path, help="表格文件，列为：日期、标题、主题、标签、正文、出处")
    return parser


def run_check() -> int:
    settings, settings_problems = load_settings(ROOT)
    result = check_content(settings, settings_problems)
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"\n共发现 {len(result.problems)} 个问题，请按每一行的提示修改后再运行检查。")
        return 1
    print(f"检查通过：晨学 {len(result.archive)} 条，其他页面 {result.pages_checked} 个，没有发现问题。")
    return 0


def run_new_morning(date_text: str, title: str, topic: str) -> int:
    settings, problems = load_settings(ROOT)
    if problems:
        for problem in problems:
            print(problem)
        return 1
    day = meta_date(date_text)
    errors = [] if day else [f"日期“{date_text}”不对：请写成真实存在的日期，格式 2026-12-01。"]
    draft = importer.Draft(
        row=0, date=day or importer.PLACEHOLDER_DAY, title=title.strip(), topic=topic.strip(), tags=(), source="",
        body="在这里写今天的学习内容：三分钟能读完，大约 500 到 1000 字。\n\n"
             "需要“每日一题”的，在上面的前言信息里加 question，格式见门户的编辑指南。",
    )
    errors += importer.check_draft(draft, settings)
    path = settings.docs_dir / expected_src(draft.date)
    if day and path.exists():
        errors = [f"{settings.shown(path)} 已经存在，没有覆盖。要修改这一天的晨学，请直接打开这个文件。"]
    if errors:
        for error in errors:
            print(error)
        return 1
    importer.write_drafts([draft], settings)
    print(f"已创建 {settings.shown(path)}，请打开它写正文，写好后运行 python scripts/portal.py check 检查。")
    return 0


def run_import_morning(sheet: Path) -> int:
    settings, problems = load_settings(ROOT)
    shown = sheet.as_posix()
    if not sheet.is_file():
        print(f"找不到文件 {shown}，请检查文件名和所在文件夹。")
        return 1
    try:
        if not problems:
            records, problems = importer.read_sheet(sheet, shown)
        if not problems:
            progress = _progress if len(records) >= PROGRESS_FROM else None
            drafts, problems = importer.validate_rows(records, settings, shown, progress)
        if problems:
            _print_limited(problems)
            print(f"\n共有 {len(problems)} 个问题，没有导入任何一条。请修改表格后重新导入。")
            return 1
        written = importer.write_drafts(drafts, settings, progress)
    except (KeyboardInterrupt, importer.ImportInterrupted):
        print("\n已取消导入，没有写入任何文件。", file=sys.stderr)
        return 130
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        print(f"无法写入文件{where}：{_why(error)}。已经写入的文件都已撤回，没有导入任何一条。"
              "请检查 docs/morning/ 下的文件夹，再重新导入。")
        return 1
    span = f"（{min(d.date for d in drafts)} 至 {max(d.date for d in drafts)}）" if drafts else ""
    print(f"已导入 {len(written)} 条晨学{span}。请运行 python scripts/portal.py check 检查，再提交。")
    return 0


def _why(error: OSError) -> str:
    reasons = {
        errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EROFS: "磁盘是只读的",
        errno.EEXIST: "同名文件已经存在（可能是刚刚有人新建了它）", errno.ENOSPC: "磁盘已满",
        errno.ENOTDIR: "路径上有一个同名的文件挡住了文件夹",
    }
    return reasons.get(error.errno, f"系统错误（代码 {error.errno}）")


def _print_limited(problems: list) -> None:
    for problem in problems[:PROBLEMS_SHOWN]:
        print(problem)
    if len(problems) > PROBLEMS_SHOWN:
        print(f"……还有 {len(problems) - PROBLEMS_SHOWN} 个问题未列出。请先改正上面这些，再重新导入。")


def _progress(stage: str, done: int, total: int) -> None:
    step = max(1, total // 10)
    if done % step == 0 or done == total:
        print(f"正在{stage}：{done}/{total} 行", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return run_check()
        if args.command == "new":
            return run_new_morning(args.date, args.title, args.topic)
        return run_import_morning(args.file)
    except KeyboardInterrupt:
        print("\n已取消。", file=sys.stderr)
        return 130
    except Exception as error:  # an editor must never see a traceback
        print(f"出错了：{error.__class__.__name__}: {error}", file=sys.stderr)
        print("这不是您的操作问题，请把上面这行发给技术人员。", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
