#!/usr/bin/env python3
"""Measure the portal at archive scale, next to stock Material on the same Markdown.

    python scripts/benchmark.py [--items 365 3650] [--runs 2]
    python scripts/benchmark.py --preview [--items 365 3650] [--saves 5]
    python scripts/benchmark.py --print [--items 365 3650]

For each archive size: copies the project into a temporary folder, adds generated 晨学 items
(texts recombined from the sample items), then builds it alternately with the portal's hook
("ours") and as stock Material would ("stock": no hook, Material's own search plugin with jieba,
its documented Chinese setup, and its own templates, items also out of the nav; "stock-plain":
the same with jieba hidden, so Chinese is not segmented). Reports build time and peak memory; then serves our
site on 127.0.0.1 and, in headless Chromium, measures the first view of three pages, the
first search (time to results on screen, bytes moved) and the benchmark queries of
tests/search_queries.yml. With --preview it measures the editors' preview instead: start time
and save-to-visible latency in Chromium. Nothing is asserted: it prints the figures and the targets.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

# The tests' project copy, item generator, static server, Chromium and hostile files: one of each.
sys.path.insert(0, str(ROOT / "tests"))
from support import SiteServer, add_items, bomb_png, copy_project, laughs, launch_chromium  # noqa: E402


@contextlib.contextmanager
def archive_project(count: int):
    """A temporary copy of the project with `count` generated items: (folder, items in all)."""
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as temp:
        project = Path(temp)
        copy_project(project)
        add_items(project, count)
        yield project, len(list((project / "docs/morning").rglob("????-??-??.md")))


def stock_config(project: Path) -> Path:
    """The same Markdown as stock Material builds it: no hook, its own search and header."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\nhooks:\n(?:  - .*\n)+", "\n", text)
    text = text.replace("\nplugins:\n", "\nplugins:\n  - search\n", 1)
    text = text.replace("custom_dir: overrides", "custom_dir: overrides-stock")
    shutil.copytree(project / "overrides", project / "overrides-stock", ignore=shutil.ignore_patterns("partials"))
    path = project / "mkdocs.stock.yml"
    path.write_text(text, encoding="utf-8")
    return path


# Material segments Chinese with jieba when it can import it (its documented Chinese setup);
# "stock-plain" is Material with jieba hidden, whose index keeps whole sentences as words.
_WITHOUT_JIEBA = "import sys; sys.modules['jieba'] = None; from mkdocs.__main__ import cli; cli()"


def build(project: Path, config: str, site: Path, without_jieba: bool = False) -> tuple[float, int]:
    """One `mkdocs build` in a child process: (seconds, peak memory in MB)."""
    runner = ["-c", _WITHOUT_JIEBA] if without_jieba else ["-m", "mkdocs"]
    command = [sys.executable, *runner, "build", "-q", "-f", config, "-d", str(site)]
    seconds, megabytes, output, code = timed(project, command)
    if code != 0:
        raise SystemExit(f"{config} 生成失败：\n{output}")
    return seconds, megabytes


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def measure_builds(project: Path, runs: int) -> dict:
    stock = stock_config(project).name
    kinds = (("ours", "mkdocs.yml", False), ("stock", stock, False), ("stock-plain", stock, True))
    results: dict[str, list[tuple[float, int]]] = {kind: [] for kind, _, _ in kinds}
    for run in range(runs):
        for kind, config, without_jieba in kinds:
            seconds, peak = build(project, config, project / f"site-{kind}", without_jieba)
            results[kind].append((seconds, peak))
            print(f"  生成 第 {run + 1} 次 {kind:11}：{seconds:6.1f} s，峰值内存 {peak} MB", flush=True)
    figures = {}
    for kind in results:
        figures[kind] = statistics.median(s for s, _ in results[kind])
        figures[kind + "_mb"] = max(m for _, m in results[kind])
    return figures


# Bytes of the page and everything it fetched, from the Resource Timing API; the content's
# own images (photos of activities) are not counted, the portal's assets are.
BYTES_LOADED = """(since) => {
    const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
    return entries.filter(e => e.startTime >= since)
        .filter(e => !(/\\.(jpe?g|png|gif|webp)$/.test(new URL(e.name).pathname) && !e.name.includes('/assets/')))
        .reduce((sum, e) => sum + e.encodedBodySize, 0);
}"""


def measure_browser(site: Path, pages: dict[str, str], queries: list[dict]) -> dict:
    from playwright.sync_api import sync_playwright

    server = SiteServer(site)
    url = server.url
    figures: dict = {"pages": {}}
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for name, path in pages.items():
                context = browser.new_context()
                page = context.new_page()
                page.goto(url + path, wait_until="networkidle")
                page.wait_for_timeout(300)
                figures["pages"][name] = page.evaluate(BYTES_LOADED, 0)
                context.close()

            context = browser.new_context()
            page = context.new_page()
            page.goto(url + "/", wait_until="networkidle")
            typed_at = page.evaluate("performance.now()")
            page.locator(".md-search__input").click()
            page.locator(".md-search__input").fill(queries[0]["query"])
            page.wait_for_function("() => performance.getEntriesByName('portal-search').length > 0")
            page.wait_for_timeout(500)  # snippets arrive after the results
            figures["first_search_ms"] = page.evaluate("performance.getEntriesByName('portal-search')[0].duration")
            figures["first_search_bytes"] = page.evaluate(BYTES_LOADED, typed_at)

            hits = 0
            for case in queries:
                page.locator(".md-search__input").fill("")
                done = page.evaluate("performance.getEntriesByName('portal-search').length")
                page.locator(".md-search__input").fill(case["query"])
                page.wait_for_function("n => performance.getEntriesByName('portal-search').length > n", arg=done)
                paths = page.locator(".md-search-result__item a").evaluate_all(
                    "links => links.slice(0, 3).map(a => decodeURIComponent(new URL(a.href).pathname))")
                hits += any(p.startswith("/" + case["expected"]) for p in paths)
            figures["quality"] = (hits, len(queries))
            context.close()
            browser.close()
    finally:
        server.stop()
    return figures


def main() -> None:
    import yaml

    parser = argparse.ArgumentParser(description="晨学三分钟在归档规模下的生成速度、页面大小和搜索。")
    parser.add_argument("--items", type=int, nargs="+", default=[365, 3650], help="generated items (default 365 3650)")
    parser.add_argument("--runs", type=int, default=2, help="builds of each kind, alternated (default 2)")
    parser.add_argument("--preview", action="store_true", help="measure only the editors' preview (start, save to visi"
                                                               "ble)")
    parser.add_argument("--saves", type=int, default=5, help="saves measured per item in the preview (default 5)")
    parser.add_argument("--print", action="store_true", help="measure only making the printed booklets")
    parser.add_argument("--limits", action="store_true", help="measure only how fast hostile files are refused, and th"
                                                              "e check's cost")
    args = parser.parse_args()
    if args.limits:
        return limits_main(args.items)
    if args.preview:
        return preview_main(args.items, args.saves)
    if args.print:
        return print_main(args.items)
    queries = yaml.safe_load((ROOT / "tests/search_queries.yml").read_text(encoding="utf-8"))
    pages = {
        "首页": "/",
        "一条晨学": "/morning/2026/2026-11-27/",
        "一章手册": "/manuals/integrity/01-discipline-rules/",
    }
    report = {}
    for count in args.items:
        with archive_project(count) as (project, items):
            print(f"\n== 晨学 {items} 条（生成 {count} 条 + 示例），每种生成 {args.runs} 次，交替进行", flush=True)
            figures = measure_builds(project, args.runs)
            figures.update(measure_browser(project / "site-ours", pages, queries))
            figures["stock_home"] = measure_browser_home(project / "site-stock")
            report[count] = figures

    print("\n== 结果（目标在括号里）")
    for count, f in report.items():
        weights = "，".join(f"{name} {size / 1024:.0f} KB" for name, size in f["pages"].items())
        print(f"[{count} 条生成] 生成：ours {f['ours']:.1f} s，stock {f['stock']:.1f} s，"
              f"比值 {f['ours'] / f['stock']:.2f}（≤ 1.25）；"
              f"stock-plain {f['stock-plain']:.1f} s，比值 {f['ours'] / f['stock-plain']:.2f}；"
              f"峰值内存 ours {f['ours_mb']} MB，stock {f['stock_mb']} MB，stock-plain {f['stock-plain_mb']} MB")
        print(f"[{count} 条生成] 首次打开（不含内容图片）：{weights}（每页 ≤ 400 KB）；"
              f"stock 首页 {f['stock_home'] / 1024:.0f} KB")
        print(f"[{count} 条生成] 第一次搜索：{f['first_search_ms']:.0f} ms 出结果（≤ 300 ms），"
              f"传输 {f['first_search_bytes'] / 1024:.0f} KB（≤ 1 MB）；"
              f"基准查询前三命中 {f['quality'][0]}/{f['quality'][1]}（≥ 18/20）")
    if len(report) == 2:
        small, large = (report[k] for k in sorted(report))
        for name in small["pages"]:
            change = large["pages"][name] / small["pages"][name] - 1
            print(f"首次打开“{name}”：{sorted(report)[1]} 条比 {sorted(report)[0]} 条 {change:+.1%}（±10%）")


def measure_preview(project: Path, saves: int) -> dict:
    """The editors' preview: seconds from the command to the home page served, and from saving a
    file to the open browser page showing the change (a recent item, an old item opened first,
    a broken file's problem page, its recovery)."""
    import socket
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"

    def start() -> tuple[subprocess.Popen, float]:
        started = time.perf_counter()
        # The booklets' background run is left out: it is measured by --print.
        process = subprocess.Popen([sys.executable, "scripts/portal.py", "preview", "--port", str(port), "--no-print"],
                                   cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while time.perf_counter() - started < 120:
            try:
                with urllib.request.urlopen(url + "/", timeout=5) as answer:
                    if b"md-header" in answer.read():
                        break
            except OSError:
                pass
            time.sleep(0.05)
        return process, time.perf_counter() - started

    figures: dict = {}
    process, figures["ready"] = start()  # a fresh clone: no photo or template cache yet
    print(f"  第一次启动到首页可看 {figures['ready']:.1f} s", flush=True)
    try:
        items = sorted((project / "docs/morning").rglob("????-??-??.md"))
        old = items[len(items) // 3]
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page()

            def save_and_wait(file: Path, text: str, shown: str) -> float:
                saved = time.perf_counter()
                file.write_text(text, encoding="utf-8")
                page.get_by_text(shown).first.wait_for(timeout=120_000)
                seconds = time.perf_counter() - saved
                print(f"  {file.name}：保存到显示“{shown}” {seconds:.2f} s", flush=True)
                page.wait_for_timeout(500)
                return seconds

            for name, file in (("recent", project / "docs/morning/2026/2026-11-27.md"), ("old", old)):
                day = file.stem
                opened = time.perf_counter()
                page.goto(f"{url}/morning/{day[:4]}/{day}/")
                page.locator("article h1").first.wait_for(timeout=120_000)
                figures[f"open_{name}"] = time.perf_counter() - opened
                original = file.read_text(encoding="utf-8")
                latencies = []
                for number in range(saves):
                    marker = f"（第{number + 1}次修改）"
                    latencies.append(save_and_wait(file, original.rstrip() + marker + "\n", marker))
                figures[f"save_{name}"] = latencies
                file.write_text(original, encoding="utf-8")
            page.wait_for_timeout(3000)
            file = project / "docs/morning/2026/2026-11-27.md"
            page.goto(f"{url}/morning/2026/2026-11-27/")
            original = file.read_text(encoding="utf-8")
            figures["broken"] = save_and_wait(file, original.replace("title:", "title：", 1), "网站没有更新")
            figures["fixed"] = save_and_wait(file, original.rstrip() + "（已改正）\n", "（已改正）")
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    process, figures["ready_again"] = start()  # every later day: the caches are there
    print(f"  再次启动到首页可看 {figures['ready_again']:.1f} s", flush=True)
    process.terminate()
    process.wait(timeout=30)
    return figures


def print_main(counts: list[int]) -> None:
    """`portal.py print` at archive scale: every booklet made, then again with nothing changed,
    then after one 晨学 item of the current year was edited."""
    for count in counts:
        with archive_project(count) as (project, _items):
            figures = []
            for step in ("全部生成", "无变化", "改了一条晨学"):
                if step == "改了一条晨学":
                    item = project / "docs/morning/2026/2026-11-27.md"
                    item.write_text(item.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
                started = time.perf_counter()
                done = subprocess.run([sys.executable, "scripts/portal.py", "print"], cwd=project,
                                      capture_output=True, text=True)
                figures.append(f"{step} {time.perf_counter() - started:.1f} s")
                if step == "全部生成":
                    print(done.stdout, flush=True)
            print(f"[晨学 {count} 条生成] 打印版：" + "；".join(figures), flush=True)


def timed(project: Path, command: list[str]) -> tuple[float, int, str, int]:
    """A command in a child process: (seconds, peak memory in MB, what it printed, exit code)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode("utf-8", "replace")
    _pid, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss // 1024, output, os.waitstatus_to_exitcode(status)


def _plant_limit(project: Path, name: str) -> None:
    docs = project / "docs"
    if name == "settings.yml 引用炸弹（8 层）":
        bomb = "bomb:\n" + "".join("  " + line + "\n" for line in laughs(8).splitlines())
        settings = docs / "morning/settings.yml"
        settings.write_text(settings.read_text(encoding="utf-8") + bomb, encoding="utf-8")
    elif name == "38 KB、2 亿像素的 PNG":
        bomb_png(docs / "activities/images/bomb.png")
    elif name == "一行 19,990 个“[”":
        (docs / "morning/2026/2026-12-02.md").write_text(
            "---\ntitle: 括号\ndate: 2026-12-02\ntopic: 政治理论\n---\n\n" + "[" * 19_990 + "\n", encoding="utf-8")
    elif name == "列表当名称":
        (docs / "guide/key.md").write_text("---\ntitle: 键\n[a]: b\n---\n\n正文\n", encoding="utf-8")
    elif name == "900 层的 tags":
        (docs / "guide/deep.md").write_text("---\ntitle: 深\ntags: " + "[" * 900 + "]" * 900 + "\n---\n\n正文\n",
                                            encoding="utf-8")


LIMIT_CASES = {  # name -> the file its refusal must name
    "settings.yml 引用炸弹（8 层）": "docs/morning/settings.yml",
    "38 KB、2 亿像素的 PNG": "docs/activities/images/bomb.png",
    "一行 19,990 个“[”": "docs/morning/2026/2026-12-02.md",
    "列表当名称": "docs/guide/key.md:3",
    "900 层的 tags": "docs/guide/deep.md:3",
}


def limits_main(counts: list[int]) -> None:
    """Each hostile file of the safety issue, alone in a copy of the project, through `portal.py check`
    and `mkdocs build`: seconds and peak memory to the refusal (targets: ≤ 5 s, ≤ 500 MB, a
    Chinese `path:line:` message, no traceback); then the cold check at archive scale."""
    for name, planted in LIMIT_CASES.items():
        with tempfile.TemporaryDirectory(prefix="portal-limit-") as temp:
            project = Path(temp)
            copy_project(project)
            _plant_limit(project, name)
            for what, command in (("check", [sys.executable, "scripts/portal.py", "check"]),
                                  ("build", [sys.executable, "-m", "mkdocs", "build", "-q",
                                             "-d", str(project / "site")])):
                seconds, megabytes, output, _code = timed(project, command)
                said = next((text for text in (line.split("ERROR   -  ")[-1] for line in output.splitlines())
                             if text.startswith(planted)), "（没有说到这个文件）")
                clean = "Traceback" not in output
                print(f"[{name}] {what}：{seconds:.1f} s（≤ 5 s），峰值内存 {megabytes} MB（≤ 500 MB），"
                      f"{'无' if clean else '有'} traceback；{said[:90]}", flush=True)
    for count in counts:
        with archive_project(count) as (project, items):
            for step in ("第一次（全部读一遍）", "再一次"):
                seconds, megabytes, _output, _code = timed(project, [sys.executable, "scripts/portal.py", "check"])
                print(f"[晨学 {items} 条] portal.py check {step}：{seconds:.1f} s，峰值内存 {megabytes} MB", flush=True)


def preview_main(counts: list[int], saves: int) -> None:
    report = {}
    for count in counts:
        with archive_project(count) as (project, items):
            print(f"\n== 预览：晨学 {items} 条", flush=True)
            report[items] = measure_preview(project, saves)
    print("\n== 预览结果（目标：启动 ≤ 10 s，保存到浏览器显示 ≤ 3 s）")
    for items, f in report.items():
        recent, old = f["save_recent"], f["save_old"]
        print(f"[晨学 {items} 条] 启动到首页可看：第一次 {f['ready']:.1f} s，以后 {f['ready_again']:.1f} s；"
              f"保存到显示（最近一条，{len(recent)} 次）：中位 {statistics.median(recent):.1f} s，"
              f"最长 {max(recent):.1f} s；"
              f"（旧的一条，先打开 {f['open_old']:.1f} s）：中位 {statistics.median(old):.1f} s，"
              f"最长 {max(old):.1f} s；"
              f"改坏到显示问题页 {f['broken']:.1f} s，改正到恢复 {f['fixed']:.1f} s")


def measure_browser_home(site: Path) -> int:
    """Stock Material's home page, first view: its search index comes with it."""
    from playwright.sync_api import sync_playwright

    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.goto(server.url + "/", wait_until="networkidle")
        page.wait_for_timeout(1000)
        loaded = page.evaluate(BYTES_LOADED, 0)
        browser.close()
        return loaded


if __name__ == "__main__":
    main()
