#!/usr/bin/env python3
"""Measure the portal's build at archive scale, next to stock Material on the same Markdown.

    python scripts/benchmark.py [--items 3650] [--runs 2]

Copies the project into a temporary folder, adds generated 晨学 items (texts recombined from
the sample items), then builds it alternately with the portal's hook ("ours") and with the
same mkdocs.yml minus the hook ("stock": Material alone, items also out of the nav).
Reports wall time, peak memory, and the weight of a few pages. Nothing is asserted: it prints.
"""

from __future__ import annotations

import argparse
import datetime as dt
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

from portal_core.content import read_document  # noqa: E402

TOPICS = ("政治理论", "党规党纪", "党史学习", "廉政教育", "食品药品安全", "扫黑除恶", "市场监管业务")
OPTIONS = ("    - 每月一次\n", "    - 每季度一次\n", "    - 每半年一次\n")


def copy_project(target: Path) -> None:
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")


def sample_bodies() -> list[str]:
    bodies = []
    for path in sorted((ROOT / "docs/morning").rglob("????-??-??.md")):
        doc, _ = read_document(path)
        bodies.append(doc.body.strip())
    return bodies


def working_days_before(end: dt.date, count: int) -> list[dt.date]:
    days, day = [], end
    while len(days) < count:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def add_items(project: Path, count: int) -> None:
    """`count` items on working days before the sample content, each about 600 characters."""
    bodies = sample_bodies()
    for number, day in enumerate(working_days_before(dt.date(2026, 9, 1), count)):
        body = bodies[number % len(bodies)]
        paragraphs = body.split("\n\n")
        shift = number % len(paragraphs)
        body = "\n\n".join(paragraphs[shift:] + paragraphs[:shift])  # same words, another order
        front = f"title: 第{number + 1}期晨学：{TOPICS[number % 7]}学习\ndate: {day.isoformat()}\ntopic: {TOPICS[number % 7]}\n"
        front += f"tags:\n  - 标签{number % 40}\n"
        if number % 4 == 0:
            front += "question:\n  prompt: 党课一般多长时间至少上一次？\n  options:\n" + "".join(OPTIONS) + "  answer: B\n"
        path = project / "docs/morning" / f"{day.year}" / f"{day.isoformat()}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")


def stock_config(project: Path) -> Path:
    """The same mkdocs.yml without the portal's hook: Material alone on the same Markdown."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\nhooks:\n(?:  - .*\n)+", "\n", text)
    path = project / "mkdocs.stock.yml"
    path.write_text(text, encoding="utf-8")
    return path


def build(project: Path, config: str, site: Path) -> tuple[float, int]:
    """One `mkdocs build` in a child process: (seconds, peak memory in MB)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    errors = process.stderr.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{config} 生成失败：\n{errors}")
    return seconds, usage.ru_maxrss // 1024


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description="晨学三分钟在归档规模下的生成速度与页面大小。")
    parser.add_argument("--items", type=int, default=3650, help="generated items (default 3650)")
    parser.add_argument("--runs", type=int, default=2, help="builds of each kind, alternated (default 2)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="portal-bench-") as temp:
        project = Path(temp)
        copy_project(project)
        add_items(project, args.items)
        items = len(list((project / "docs/morning").rglob("????-??-??.md")))
        stock = stock_config(project)
        print(f"晨学条目：{items}（其中生成 {args.items} 条），每种生成 {args.runs} 次，交替进行")

        results: dict[str, list[tuple[float, int]]] = {"ours": [], "stock": []}
        for run in range(args.runs):
            for kind, config in (("ours", "mkdocs.yml"), ("stock", stock.name)):
                seconds, peak = build(project, config, project / f"site-{kind}")
                results[kind].append((seconds, peak))
                print(f"  第 {run + 1} 次 {kind:5}：{seconds:6.1f} s，峰值内存 {peak} MB", flush=True)

        ours = statistics.median(s for s, _ in results["ours"])
        stock_time = statistics.median(s for s, _ in results["stock"])
        print(f"\n中位数：ours {ours:.1f} s，stock {stock_time:.1f} s，比值 {ours / stock_time:.2f}（目标 ≤ 1.25）")
        print(f"峰值内存：ours {max(m for _, m in results['ours'])} MB，stock {max(m for _, m in results['stock'])} MB")

        sample_item = "morning/2026/2026-11-27/index.html"
        for kind in ("ours", "stock"):
            site = project / f"site-{kind}"
            pages = {
                "首页": site / "index.html",
                "一条晨学": site / sample_item,
                "一章手册": site / "manuals/integrity/01-discipline-rules/index.html",
                "search_index.json": site / "search/search_index.json",
            }
            weights = "，".join(f"{name} {size(path) / 1024:.0f} KB" for name, path in pages.items())
            print(f"{kind:5}：整站 {size(site) / 1e6:.1f} MB；{weights}")


if __name__ == "__main__":
    main()
