"""One verdict: for a corpus of editors' mistakes (and of right inputs that look like them),
`portal.py check` fails exactly when the build fails, naming the editor's own file and line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

POST = "docs/activities/posts/2026-06-28-red-journey.md"
CHAPTER = "docs/manuals/integrity/02-law-enforcement-integrity.md"
PHOTO = "2026-06-28-red-journey.jpg"


def append(project: Path, file: str, text: str) -> int:
    """Add a paragraph to a file; the line it lands on."""
    path = project / file
    current = path.read_text(encoding="utf-8")
    path.write_text(current + "\n" + text + "\n", encoding="utf-8")
    return current.count("\n") + 2


def photo_with_a_space(project: Path) -> tuple[str, int, str]:
    shutil.copy(project / f"docs/activities/images/{PHOTO}", project / "docs/activities/images/活动 照片.jpg")
    path = project / POST
    text = path.read_text(encoding="utf-8").replace(f"../images/{PHOTO}", "../images/活动 照片.jpg")
    path.write_text(text, encoding="utf-8")
    return POST, 0, ""


def chapter_left_out_of_the_nav(project: Path) -> tuple[str, int, str]:
    (project / "docs/manuals/integrity/04-new-chapter.md").write_text(
        "---\ntitle: 新的一章\n---\n\n# 新的一章\n\n正文。\n", encoding="utf-8")
    return "docs/manuals/integrity/04-new-chapter.md", 1, "这一页还没有加入导航"


# name: (how to plant it -> (file, line, words)), and whether it must fail
CASES = {
    "picture without ../": (lambda p: (POST, append(p, POST, f"![合影](images/{PHOTO})"),
                                       f"这个文件在 docs/activities/images/{PHOTO}，"
                                       f"从本文件出发应写成“../images/{PHOTO}”"), True),
    "picture .JPG in the wrong case": (lambda p: (POST, append(p, POST,
        "![合影](../images/2026-06-28-red-journey.JPG)"), f"大小写和实际文件不一样：文件叫 {PHOTO}"), True),
    "picture with backslashes": (lambda p: (POST, append(p, POST, f"![合影](..\\images\\{PHOTO})"),
                                            f"请写成“../images/{PHOTO}”"), True),
    "picture on the editor's own PC": (lambda p: (POST, append(p, POST,
        "![合影](C:\\Users\\张三\\Desktop\\活动照片.jpg)"), "是您电脑上的位置，网站上打不开"), True),
    "picture from the site root": (lambda p: (POST, append(p, POST, f"![合影](/activities/images/{PHOTO})"),
                                              "以 / 开头。请改用相对于本文件的路径"), True),
    "picture name misspelled": (lambda p: (POST, append(p, POST, "![合影](../images/2026-06-28-red-jorney.jpg)"),
                                           "指向的文件 docs/activities/images/2026-06-28-red-jorney.jpg 不存在"), True),
    "link to a missing chapter": (lambda p: (CHAPTER, append(p, CHAPTER, "详见[下一章](04-missing.md)。"),
                                             "指向的文件 docs/manuals/integrity/04-missing.md 不存在"), True),
    "link to a missing heading": (lambda p: (CHAPTER, append(p, CHAPTER,
        "详见[纪律](01-discipline-rules.md#没有这个小标题)。"), "但那一页没有这个小标题"), True),
    "link to a folder": (lambda p: (CHAPTER, append(p, CHAPTER, "返回[手册目录](../)。"), "指向一个文件夹"), True),
    "chapter left out of the nav": (chapter_left_out_of_the_nav, True),
    "photo whose name has a space": (photo_with_a_space, False),
    "link to a heading that exists": (lambda p: (CHAPTER, append(p, CHAPTER,
        "详见[基本要求](../party-building/01-three-strong-nine-strict.md#三强九严的基本要求)。"), ""), False),
    "automatic links to a site and an address": (lambda p: (CHAPTER, append(p, CHAPTER,
        "举报网站 <https://www.12388.gov.cn>，邮箱 <jubao@example.gov.cn>。"), ""), False),
    "a link shown as code": (lambda p: (CHAPTER, append(p, CHAPTER,
        "链接写成 `[下一章](04-missing.md)` 这样。"), ""), False),
    "link to a generated archive page": (lambda p: (CHAPTER, append(p, CHAPTER,
        "另见[十一月的晨学](../../morning/archive/2026/11/index.md)。"), ""), False),
}


@pytest.mark.parametrize("name", CASES)
def test_check_fails_exactly_when_the_build_fails(project, tmp_path, name):
    plant, must_fail = CASES[name]
    file, line, words = plant(project)
    # The two side by side (two cores): the check's verdict does not depend on the build's.
    checking = subprocess.Popen([sys.executable, "scripts/portal.py", "check"], cwd=project,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
                           cwd=project, capture_output=True, text=True, timeout=300)
    out, err = checking.communicate(timeout=300)
    check = subprocess.CompletedProcess(checking.args, checking.returncode, out, err)
    built = build.stdout + build.stderr
    assert (check.returncode != 0) == (build.returncode != 0) == must_fail, (check.stdout, built[-2000:])
    assert "Traceback" not in check.stdout + check.stderr + built
    if must_fail:
        where = f"{file}:{line}: "
        assert any(row.startswith(where) and words in row for row in check.stdout.splitlines()), check.stdout
        assert any(where in row and words in row for row in built.splitlines()), built[-2000:]
