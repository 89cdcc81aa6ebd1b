"""Pages MkDocs would call "not included in the nav", found before the build, with the line to add."""

from __future__ import annotations

from pathlib import Path

import pathspec

from .problems import Problem
from .sections import ACTIVITY_POSTS_DIR


def nav_problems(root: Path, config_file: str, config: dict, markdown_srcs: list[str], shown) -> list[Problem]:
    nav = config.get("nav")
    if not isinstance(nav, list):
        return []  # no nav: MkDocs lists every page itself
    listed = set(_nav_files(nav))
    spec = pathspec.GitIgnoreSpec.from_lines(str(config.get("not_in_nav") or "").splitlines())
    problems = []
    lines = (root / config_file).read_text(encoding="utf-8-sig").split("\n")
    for src in markdown_srcs:
        if src in listed or src.startswith(ACTIVITY_POSTS_DIR + "/") or spec.match_file(src):
            continue
        sibling = next((item for item in sorted(listed) if item.rsplit("/", 1)[0] == src.rsplit("/", 1)[0]), None)
        where = f"在 {config_file} 的 nav 里，和 {sibling} 放在一起，" if sibling else f"在 {config_file} 的 nav 里"
        problems.append(Problem(shown(src), 1, f"这一页还没有加入导航，读者找不到它。请{where}加一行“- {src}”。"))
    for src in sorted(listed - set(markdown_srcs)):
        line = next((number for number, row in enumerate(lines, 1) if src in row), 1)
        problems.append(Problem(config_file, line,
                                f"导航（nav）里的 {src} 在 docs/ 里找不到。请改正文件名，或删掉这一行。"))
    return problems


def _nav_files(items) -> list[str]:
    found = []
    for item in items:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += _nav_files(value) if isinstance(value, list) else ([value] if isinstance(value, str) else [])
    return [name for name in found if "://" not in name]

