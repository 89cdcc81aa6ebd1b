"""Editors' mistakes stop the build with a Chinese message that names the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import mkdocs_build

pytestmark = pytest.mark.build


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_unchanged_project_builds_every_page_without_a_warning(project):
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "错误" not in result.stderr, result.stderr
    site = project / "site"
    sources = list((project / "docs").rglob("*.md"))
    items = list((project / "docs/morning").glob("20*/20*.md"))
    assert len(list((site / "morning").glob("20*/20*/index.html"))) == len(items) > 0
    assert len(list(site.rglob("index.html"))) >= len(sources)


def test_broken_link_fails_naming_the_file(project):
    append(project / "docs/manuals/integrity/02-law-enforcement-integrity.md", "\n见[第四章](04-missing.md)。\n")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/manuals/integrity/02-law-enforcement-integrity.md:" in result.stderr
    assert ": 链接“04-missing.md”指向的文件 docs/manuals/integrity/04-missing.md 不存在" in result.stderr
    assert "请检查文件名和路径（区分大小写），或把缺少的文件放进去。" in result.stderr  # and how to fix it
    assert "Traceback" not in result.stderr


def test_missing_image_fails_naming_the_file(project):
    append(project / "docs/activities/posts/2026-06-28-red-journey.md", "\n![合影](../images/group-photo.jpg)\n")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/activities/posts/2026-06-28-red-journey.md:" in result.stderr
    assert ": 图片“../images/group-photo.jpg”指向的文件 docs/activities/images/group-photo.jpg 不存在" in result.stderr
    assert "Traceback" not in result.stderr


def test_chapter_left_out_of_nav_fails(project):
    (project / "docs/manuals/integrity/04-new-chapter.md").write_text(
        "---\ntitle: 新章节\n---\n\n正文。\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/manuals/integrity/04-new-chapter.md:1: 这一页还没有加入导航" in result.stderr
    assert "请在 mkdocs.yml 的 nav 里，和 manuals/integrity/" in result.stderr


def test_every_problem_is_reported_in_one_run(project):
    append(project / "docs/manuals/anti-crime/01-policy-basics.md", "\n[甲](nowhere-a.md)\n")
    append(project / "docs/lectures/2026-06-26-fulcrum-method.md", "\n![乙](nowhere-b.png)\n")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/manuals/anti-crime/01-policy-basics.md" in result.stderr
    assert "docs/lectures/2026-06-26-fulcrum-method.md" in result.stderr


def test_bad_morning_item_stops_the_build_with_the_checks_messages(project):
    (project / "docs/morning/2026/2026-11-30.md").write_text(
        "---\ntitle: 学习体会: 第一讲\ndate: 2026-11-30\ntopic: 政治理论\n---\n\n正文。\n", encoding="utf-8"
    )
    (project / "docs/morning/2026/2026-12-01.md").write_text(
        "---\ntitle: 冬季安全\ndate: 2026-12-01\ntopic: 体育\n---\n\n正文。\n", encoding="utf-8"
    )
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/morning/2026/2026-11-30.md:2: 标题里有英文冒号“:”，请给整个标题加引号" in result.stderr
    assert "docs/morning/2026/2026-12-01.md:4: 主题 topic “体育”不在可选范围内" in result.stderr
    assert "发现 2 个内容问题，门户没有生成" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_build_never_rewrites_an_editors_file(project):
    item = project / "docs/morning/2026/2026-11-27.md"
    item.write_bytes(b"\xef\xbb\xbf" + item.read_bytes().replace(b"\n", b"\r\n"))  # Notepad: BOM, CRLF
    before = {path: path.read_bytes() for path in (project / "docs").rglob("*") if path.is_file()}
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    after = {path: path.read_bytes() for path in (project / "docs").rglob("*") if path.is_file()}
    assert after == before
