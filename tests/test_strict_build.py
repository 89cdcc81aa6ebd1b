"""Editors' mistakes stop the build with a Chinese message that names the file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway copy of the project an editor can break."""
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def mkdocs_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_unchanged_project_builds(project):
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr


def test_broken_link_fails_naming_the_file(project):
    append(project / "docs/manuals/integrity/02-law-enforcement-integrity.md", "\n见[第四章](04-missing.md)。\n")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/manuals/integrity/02-law-enforcement-integrity.md: 链接“04-missing.md”指向的文件" in result.stderr
    assert "不存在" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_image_fails_naming_the_file(project):
    append(project / "docs/activities/posts/2026-06-28-red-journey.md", "\n![合影](../images/group-photo.jpg)\n")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/activities/posts/2026-06-28-red-journey.md: 图片“../images/group-photo.jpg”" in result.stderr
    assert "Traceback" not in result.stderr


def test_chapter_left_out_of_nav_fails(project):
    (project / "docs/manuals/integrity/04-new-chapter.md").write_text("# 新章节\n\n正文。\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/manuals/integrity/04-new-chapter.md: 这些页面还没有加入 mkdocs.yml 的 nav" in result.stderr


def test_every_problem_is_reported_in_one_run(project):
    append(project / "docs/manuals/anti-crime/01-policy-basics.md", "\n[甲](nowhere-a.md)\n")
    append(project / "docs/lectures/2026-06-26-fulcrum-method.md", "\n![乙](nowhere-b.png)\n")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "docs/manuals/anti-crime/01-policy-basics.md" in result.stderr
    assert "docs/lectures/2026-06-26-fulcrum-method.md" in result.stderr
