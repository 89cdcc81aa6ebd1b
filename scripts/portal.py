#!/usr/bin/env python3
"""The editors' commands, in Chinese. Argument parsing and printing only; the work is in portal_core.

    python scripts/portal.py check
    python scripts/portal.py preview [--port 8000]
    python scripts/portal.py print
    python scripts/portal.py new morning --date 2026-12-01 --title 标题 --topic 党规党纪
    python scripts/portal.py import morning 晨学安排.xlsx
    python scripts/portal.py publish --to /srv/portal [--site-url http://主机名/] [--keep 10]
    python scripts/portal.py releases --to /srv/portal
    python scripts/portal.py rollback --to /srv/portal [版本名]
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# Material prints a banner about MkDocs 2 on every build; the portal's pin to 1.6.1 answers it.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from portal_core import importer, preview, printing, publish, releases, site_address  # noqa: E402
from portal_core.checker import check_content  # noqa: E402
from portal_core.content import meta_date  # noqa: E402
from portal_core.contract import MORNING_FIELDS  # noqa: E402
from portal_core.morning import item_src  # noqa: E402
from portal_core.schema import NEW_ITEM_BODY, UNWRITTEN  # noqa: E402
from portal_core.site_config import load_settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# `new morning` asks for the fields an item cannot be without; the rest are written in the file.
NEW_FIELDS = tuple(field for field in MORNING_FIELDS if field.required)
PROGRESS_FROM = 200  # rows; smaller sheets finish before anyone waits
PROBLEMS_SHOWN = 50  # a sheet with thousands of bad rows needs the first few, not all


class _ChineseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "用法：")


class ChineseParser(argparse.ArgumentParser):
    """argparse with every word it prints in Chinese: usage, headings, help and errors."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示这份说明后退出")

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        print(f"命令写得不完整或有误：{_chinese_error(message)}", file=sys.stderr)
        print("运行 bash scripts/dev.sh portal --help 查看用法。", file=sys.stderr)
        raise SystemExit(2)


def _chinese_error(message: str) -> str:
    """argparse's English error, said in Chinese (the names of the arguments kept as typed)."""
    patterns = (
        (r"the following arguments are required: (.*)", lambda m: "缺少必填的参数：" + m[1].replace(", ", "、")),
        (r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)",
         lambda m: f"“{m[2]}”不是可用的{m[1]}，可选：{m[3].replace(', ', '、')}".replace("'", "")),
        (r"argument (\S+): invalid int value: '?([^']*)'?", lambda m: f"{m[1]} 应该是一个整数，现在写的是“{m[2]}”"),
        (r"argument (\S+): expected one argument", lambda m: f"{m[1]} 后面要写一个值"),
        (r"unrecognized arguments: (.*)", lambda m: f"多了看不懂的内容：{m[1]}"),
    )
    for pattern, say in patterns:
        if match := re.match(pattern, message):
            return say(match)
    return "请对照下面的用法检查一遍"


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="bash scripts/dev.sh portal", description="党建学习门户的编辑工具。")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")

    commands.add_parser("check", help="检查所有内容文件，一次列出全部问题")

    preview = commands.add_parser("preview", help="在本机预览网站，保存文件后自动刷新（bash scripts/dev.sh serve 就是"
                                                  "它）")
    preview.add_argument("--port", type=int, default=8000, metavar="端口", help="端口（默认 8000）")
    preview.add_argument("--no-print", action="store_true", help="不在后台生成打印版（PDF），适合很慢的电脑")

    printed = commands.add_parser("print", help="生成知识手册和晨学合订本的打印版（PDF），只重做内容有变化的")
    printed.add_argument("--site-url", metavar="网址",
                         help="手册里指向其他页面的链接印成的地址（默认是 mkdocs.yml 的 site_url）")

    new = commands.add_parser("new", help="新建一条内容（目前支持 morning：晨学三分钟）")
    new.add_argument("kind", choices=["morning"], metavar="类别", help="内容类别：morning（晨学三分钟）")
    for field in NEW_FIELDS:
        new.add_argument(f"--{field.key}", required=True, metavar=field.label, help=field.help)

    imports = commands.add_parser("import", help="从 Excel（.xlsx）或 .csv 表格导入晨学安排")
    imports.add_argument("kind", choices=["morning"], metavar="类别", help="内容类别：morning（晨学三分钟）")
    imports.add_argument("file", type=Path, metavar="表格文件",
                         help=f"表格文件，列为：{'、'.join(importer.COLUMNS)}（{'、'.join(importer.REQUIRED)}必填）；"
                              f"每日一题的列：{'、'.join(importer.QUESTION_COLUMNS)}")

    publish = commands.add_parser("publish", help="检查、生成并核对一个新版本，然后让它上线（出错时线上版本不变）")
    publish.add_argument("--to", required=True, type=Path, metavar="发布目录",
                         help="发布目录，例如 /srv/portal（网站服务器读取其中的 current）")
    publish.add_argument("--site-url", metavar="网址",
                         help="门户在内网的地址，例如 http://dangjian.scjg/ 或 http://主机名/portal/"
                              "（第一次发布必须写，以后默认沿用上线版本的地址）")
    publish.add_argument("--keep", type=int, default=releases.KEEP, metavar="个数",
                         help=f"保留最近几个版本（默认 {releases.KEEP}）")

    listing = commands.add_parser("releases", help="列出发布目录里的各个版本")
    listing.add_argument("--to", required=True, type=Path, metavar="发布目录", help="发布目录，例如 /srv/portal")

    rollback = commands.add_parser("rollback", help="让以前的某个版本重新上线（默认上一个）")
    rollback.add_argument("--to", required=True, type=Path, metavar="发布目录", help="发布目录，例如 /srv/portal")
    rollback.add_argument("release", nargs="?", metavar="版本名",
                          help="版本名（见 releases 命令），不写就是上线版本之前的那个")
    return parser


def run_print(site_url: str | None) -> int:
    if site_url is not None and (wrong := site_address.problem(site_url)):
        print(wrong)
        return 2
    settings, settings_problems = load_settings(ROOT)
    result = check_content(settings, settings_problems)
    if result.problems:
        _print_limited(result.problems)
        print(f"\n内容有 {len(result.problems)} 个问题，打印版没有生成。请按每一行的提示修改后再运行。")
        return 1
    address = site_address.resolve(site_url, settings.mkdocs.get("site_url"))
    return 0 if printing.bring_up_to_date(settings, result.archive, address.url, say=_say) else 1


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


def run_new_morning(typed: dict[str, str]) -> int:
    """A new item from the required fields as typed on the command line (NEW_FIELDS)."""
    settings, problems = load_settings(ROOT)
    if problems:
        for problem in problems:
            print(problem)
        return 1
    day = meta_date(typed["date"])
    errors = [] if day else [f"日期“{typed['date']}”不对：请写成真实存在的日期，格式 2026-12-01。"]
    values = {key: text.strip() for key, text in typed.items()} | {"date": day or importer.PLACEHOLDER_DAY}
    draft = importer.Draft(row=0, values=values, body=NEW_ITEM_BODY)
    # The placeholder body is the one thing the check refuses on purpose: it must be replaced.
    errors += [error for error in importer.check_draft(draft, settings) if error != UNWRITTEN]
    path = settings.docs_dir / item_src(draft.date)
    if day and path.exists():
        errors = [f"{settings.shown(path)} 已经存在，没有覆盖。要修改这一天的晨学，请直接打开这个文件。"]
    if errors:
        for error in errors:
            print(error)
        return 1
    importer.write_drafts([draft], settings)
    print(f"已创建 {settings.shown(path)}，请打开它写正文，写好后运行 bash scripts/dev.sh portal check 检查。")
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
    print(f"已导入 {len(written)} 条晨学{span}。请运行 bash scripts/dev.sh portal check 检查，再提交。")
    return 0


def run_publish(target: Path, site_url: str | None, keep: int) -> int:
    if keep < 1:
        print("--keep 至少是 1。")
        return 2
    try:
        done = publish.publish(ROOT, target, site_url, keep, say=_say)
    except publish.PublishFailed:
        return 1
    state = "（工作区有未提交的修改）" if done.dirty else ""
    print(f"已上线 {done.name}{state}：晨学 {done.items} 条，共 {done.size / 1024 / 1024:.1f} MB，"
          f"用时 {done.seconds:.0f} 秒。" + (f"删除了较早的 {len(done.removed)} 个版本。" if done.removed else ""))
    return 0


def _say(text: str) -> None:
    print(text, flush=True)


def run_releases(target: Path) -> int:
    found = releases.listed(target)
    if not found:
        print(f"{target} 里还没有发布过的版本。")
        return 0
    print("状态    版本                               提交      晨学    大小")
    for release in found:
        notes = release.notes
        commit = notes.get("commit", "?") + ("*" if notes.get("dirty") else "")
        size = f"{notes['size'] / 1024 / 1024:.1f} MB" if "size" in notes else "?"
        print(f"{'上线中' if release.live else '      '}  {release.name:<34} {commit:<9} {notes.get('items', '?'):>5} "
              f"条  {size}")
    if any(release.notes.get("dirty") for release in found):
        print("（提交后带 * 的版本是在有未提交修改的工作区里生成的。）")
    return 0


def run_rollback(target: Path, wanted: str | None) -> int:
    with releases.locked(target):
        found = releases.listed(target)
        live = releases.live(target)
        names = [release.name for release in found]
        if wanted is None:
            older = [name for name in names if live is None or name < live]
            if not older:
                print("没有比上线版本更早的版本可以回退。用 releases 命令查看所有版本。")
                return 1
            wanted = older[0]
        elif wanted not in names:
            print(f"没有名为 {wanted} 的版本。可选：{'、'.join(names) or '（无）'}")
            return 1
        releases.switch(target, wanted)
    print(f"已回退：现在上线的是 {wanted}（之前是 {live or '无'}）。")
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
        if args.command == "preview":
            return preview.serve(ROOT, "127.0.0.1", args.port, say=lambda text: print(text, flush=True),
                                 booklets=not args.no_print)
        if args.command == "print":
            return run_print(args.site_url)
        if args.command == "new":
            return run_new_morning({field.key: getattr(args, field.key) for field in NEW_FIELDS})
        if args.command == "publish":
            return run_publish(args.to, args.site_url, args.keep)
        if args.command == "releases":
            return run_releases(args.to)
        if args.command == "rollback":
            return run_rollback(args.to, args.release)
        return run_import_morning(args.file)
    except releases.Busy:
        print("另一个发布或回退正在进行，请等它结束后再试。", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n已取消，线上的版本没有变化。", file=sys.stderr)
        return 130
    except MemoryError:
        print(f"门户用到的内存超过了 {MEMORY_BUDGET // 2**30} GB 的上限，停了下来，线上的版本没有变化。"
              "平常用不到这么多：可能有文件写得异常（例如嵌套极深的内容）。请先运行 bash scripts/dev.sh portal check，"
              "再把这行信息发给技术人员。", file=sys.stderr)
        return 3
    except Exception as error:  # an editor must never see a traceback
        print(f"出错了：{error.__class__.__name__}: {error}", file=sys.stderr)
        print("这不是您的操作问题，请把上面这行发给技术人员。", file=sys.stderr)
        return 3


# What one run may take. A build of ten years of 晨学 and the booklets stay far below it; a file
# that would take more (an unforeseen bomb) stops the run with a message, not the office server.
MEMORY_BUDGET = 4 * 2**30


def limit_memory() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if soft == resource.RLIM_INFINITY or soft > MEMORY_BUDGET:
        budget = MEMORY_BUDGET if hard == resource.RLIM_INFINITY else min(MEMORY_BUDGET, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (budget, hard))


if __name__ == "__main__":
    limit_memory()  # here, not in main(): tests call main() inside their own process
    sys.exit(main())
