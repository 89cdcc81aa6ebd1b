"""A careless or hostile editor: every way found to run script, leak a file or break the build
is refused by the check and by the build, at its line, in Chinese, all in one run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import bomb_png, build_site, laughs, run_portal

ALERT = "alert(document.domain)"

def _insert_front_matter(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("---\n", 2)[1], text.split("---\n", 2)[2]
    path.write_text("---\n" + head + "".join(line + "\n" for line in lines) + "---\n" + rest, encoding="utf-8")


def _append_to_title(path: Path, words: str) -> int:
    """Add words to the end of a file's title line; the line's number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(number for number, row in enumerate(lines) if row.startswith("title:"))
    lines[index] += words
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def _plant_everything(docs: Path) -> list[tuple[str, str]]:
    """Every hostile case at once; returns the (`path:line`, words) each must be reported with."""
    expected = []

    def front(src: str, lines: list[str]) -> int:
        path = docs / src
        before = path.read_text(encoding="utf-8").split("---\n", 2)[1].count("\n")
        _insert_front_matter(path, lines)
        return before + 2  # the line of the first inserted key

    line = front("index.md", [f'description: \'"><img src=x onerror={ALERT}>\''])
    expected.append((f"docs/index.md:{line}", "不认识的字段“description”"))
    line = front("lectures/2026-06-26-fulcrum-method.md", [f'author: \'"><img src=x onerror={ALERT}>\''])
    expected.append((f"docs/lectures/2026-06-26-fulcrum-method.md:{line}", "不认识的字段“author”"))
    line = front("guide/kiosk.md", ["template: redirect.html", f"location: '\",{ALERT},\"'"])
    expected.append((f"docs/guide/kiosk.md:{line}", "不认识的字段“template”"))
    expected.append((f"docs/guide/kiosk.md:{line + 1}", "不认识的字段“location”"))

    body_cases = [  # (markup, line of the fault within it, words of the message)
        ("<svg/onload={a}>", 0, "<svg> 标签不能带“onload=”"),
        ("<img src=x\nonerror={a}>", 1, "<img> 标签不能带“onerror=”"),
        ('![a](x.svg){{ onload="{a}" }}', 0, "属性列表“{…}”里的不能带“onload=”"),
        ("<img src=x onerror=`{a}`>", 0, "<img> 标签不能带“onerror=”"),
        ("<details/open/ontoggle={a}>", 0, "<details> 标签不能带“ontoggle=”"),
        ("[点这里][1]\n\n[1]: javascript:{a}", 2, "链接地址不能以 javascript: 开头"),
        ('<a href="jav&#97;script:{a}">点这里</a>', 0, "链接地址不能以 javascript: 开头"),
        ('<base href="http://192.0.2.1/">', 0, "不能使用 <base> 标签"),
        ('<meta http-equiv="refresh" content="0;url=http://192.0.2.1/">', 0, "不能使用 <meta> 标签"),
    ]
    chapter = docs / "manuals/integrity/02-law-enforcement-integrity.md"
    text = chapter.read_text(encoding="utf-8")
    for markup, offset, words in body_cases:
        line = text.count("\n") + 2 + offset  # after the blank line that separates it
        text += "\n" + markup.format(a=ALERT) + "\n"
        expected.append((f"docs/manuals/integrity/02-law-enforcement-integrity.md:{line}", words))
    chapter.write_text(text, encoding="utf-8")

    rendered_cases = [  # what the scan of the source cannot see, found in the page as Markdown renders it
        ("## 警示 {{ id='x\"\\>\\<img src=x onerror={a}\\>' }}", 0, "编号（id）"),  # the table of contents
        ("## 小结 &lt;/title&gt;&lt;script&gt;{a}&lt;/script&gt;", 0, "标题里的“&lt;”是网页代码的写法"),
        ('<div class="md-dialog md-dialog--active">系统通知：请重新登录</div>', 0, "网站主题自己的样式名"),
        ('<div id="__config">{{}}</div>', 0, "是网站主题自己用的名称"),
        ("[![图](//192.0.2.1/x.png)](../index.md)", 0, "图片地址指向外网"),
        ("![图][外图]\n\n[外图]: //192.0.2.1/y.png", 2, "图片地址指向外网"),
        ("[链接 [内] ](javascript:{a})", 0, "链接地址不能以 javascript: 开头"),
        ("![图](x.png){{ 标题=好 onerror={a} }}", 0, "不能带“onerror=”"),
        ("说明 \\` <img src=x onerror={a}> `", 0, "<img> 标签不能带“onerror=”"),  # an escaped backtick opens no code
        ("今天很开心 :smile:", 0, "表情符号“:smile:”的图片要从外网加载"),  # pymdownx.emoji would link a CDN
    ]
    chapter = docs / "manuals/integrity/03-warning-education.md"
    text = chapter.read_text(encoding="utf-8")
    for markup, offset, words in rendered_cases:
        line = text.count("\n") + 2 + offset
        text += "\n" + markup.format(a=ALERT) + "\n"
        expected.append((f"docs/manuals/integrity/03-warning-education.md:{line}", words))
    chapter.write_text(text, encoding="utf-8")

    line = _append_to_title(docs / "activities/posts/2026-06-28-red-journey.md",
                            f" {{ tabindex=0 autofocus onfocus={ALERT} }}")
    expected.append((f"docs/activities/posts/2026-06-28-red-journey.md:{line}", "不能带“onfocus=”"))

    topics = docs / "morning/topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + f"- <img src=x onerror={ALERT}>\n", encoding="utf-8")
    expected.append((f"docs/morning/topics.yml:{topics.read_text(encoding='utf-8').count(chr(10))}", "里有符号"))

    other = docs / "guide/notes.markdown"
    other.write_text(f"---\ntitle: 笔记\n---\n\n<script>{ALERT}</script>\n", encoding="utf-8")
    expected.append(("docs/guide/notes.markdown:5", "不能使用 <script> 标签"))
    (docs / "guide/page.html").write_text(f"<script>{ALERT}</script>", encoding="utf-8")
    expected.append(("docs/guide/page.html:1", "不能放 .html 文件"))
    (docs / "activities/images/badge.svg").write_text(f'<svg onload="{ALERT}"/>', encoding="utf-8")
    expected.append(("docs/activities/images/badge.svg:1", "不能放 .svg 文件"))
    # The portal's own scripts and styles are not in docs/: a file there under their names, or any
    # script, style or data file, would change what every page loads.
    for src, content in (("assets/javascripts/portal-print.js", ALERT),
                         ("assets/stylesheets/portal.css", "body{display:none}"),
                         ("kiosk/data.json", "{}"), ("guide/notice.css", "*{}"), ("guide/feed.xml", "<x/>")):
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(content, encoding="utf-8")
        expected.append((f"docs/{src}:1", f"不能放 {src[src.rindex('.'):]} 文件"))
    (docs / "guide/passwd.txt").symlink_to("/etc/passwd")
    expected.append(("docs/guide/passwd.txt:1", "快捷方式（符号链接），指向 /etc/passwd"))
    (docs / "guide/etc").symlink_to("/etc", target_is_directory=True)
    expected.append(("docs/guide/etc:1", "快捷方式（符号链接），指向 /etc"))
    with open(os.fsencode(docs / "guide") + "/\xb2\xe2\xca\xd4.md".encode("latin-1"), "wb") as file:
        file.write("---\ntitle: 测试\n---\n\n正文\n".encode("gbk"))
    expected.append(("docs/guide/\ufffd\ufffd\ufffd\ufffd.md:1", "文件名不是 UTF-8 编码"))

    huge = docs / "morning/2026/2026-11-30.md"
    huge.write_text("---\ntitle: 很长\ndate: 2026-11-30\ntopic: 政治理论\n---\n\n" + "学习。" * 7000 + "\n",
                    encoding="utf-8")
    expected.append(("docs/morning/2026/2026-11-30.md:7", "超过了上限 20,000"))
    with open(docs / "activities/images/huge-photo.jpg", "wb") as photo:
        photo.truncate(30 * 1024 * 1024)
    expected.append(("docs/activities/images/huge-photo.jpg:1", "超过了 5 MB 的上限"))

    for src in ("kiosk/dup.md", "kiosk/dup/index.md"):  # one address, two files
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text("---\ntitle: 重复\n---\n\n正文\n", encoding="utf-8")
        expected.append((f"docs/{src}:1", "会生成同一个网址 /kiosk/dup/"))
    post = docs / "activities/posts/2026-01-08-new-year-veterans.md"
    post.write_text(post.read_text(encoding="utf-8").replace("date: 2026-01-08\n",
                                                             "date:\n  created: 2026-01-08\n  updated: 年后\n"),
                    encoding="utf-8")
    expected.append(("docs/activities/posts/2026-01-08-new-year-veterans.md:5", "updated “年后”的写法不对"))

    line = _append_to_title(docs / "lectures/2026-03-27-three-strong-nine-strict.md", "：学习&amp;实践")
    expected.append((f"docs/lectures/2026-03-27-three-strong-nine-strict.md:{line}", "“&amp;”是网页代码的写法"))
    return expected


@pytest.fixture
def hostile(project) -> tuple[Path, list[tuple[str, str]]]:
    return project, _plant_everything(project / "docs")


def test_check_refuses_every_case_at_its_line(hostile):
    project, expected = hostile
    result = run_portal(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    missing = [(where, words) for where, words in expected
               if not any(line.startswith(where + ": ") and words in line for line in result.stdout.splitlines())]
    assert missing == [], result.stdout


@pytest.mark.build
def test_build_refuses_every_case_with_the_same_messages_and_publishes_nothing(hostile, tmp_path):
    project, expected = hostile
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(site)],
        cwd=project, capture_output=True, text=True, timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    missing = [(where, words) for where, words in expected
               if not any(where + ": " in line and words in line for line in output.splitlines())]
    assert missing == [], output
    published = [path.name for path in site.rglob("*")] if site.exists() else []
    assert "passwd" not in published and "passwd.txt" not in published
    assert "hostname" not in published  # nothing of /etc came through the linked folder


@pytest.mark.build
def test_a_title_reads_the_same_everywhere(project, tmp_path):
    """`&`, quotes and `<`-free markup-like text: one title, the same characters on every surface."""
    from html import unescape


    title = '学习 & 实践："三会一课" 与 <主题党日>'
    (project / "docs/morning/2026/2026-12-02.md").write_text(
        f"---\ntitle: '{title.replace(chr(39), chr(39) * 2)}'\ndate: 2026-12-02\ntopic: 政治理论\n---\n\n"
        "党支部要严格落实三会一课制度，把主题党日开展得有声有色。\n", encoding="utf-8")
    site = build_site(project, tmp_path / "site")
    page = (site / "morning/2026/2026-12-02/index.html").read_text(encoding="utf-8")
    head_title = unescape(re.search(r"<title>(.*?)</title>", page).group(1))
    heading = unescape(re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)))
    month = (site / "morning/archive/2026/12/index.html").read_text(encoding="utf-8")
    listed = [unescape(re.sub(r"<[^>]+>", "", cell))
              for cell in re.findall(r'<a href="[^"]*2026-12-02/">(.*?)</a>', month)]
    entry = next(item for item in json.loads((site / "morning/index.json").read_text(encoding="utf-8"))["items"]
                 if item["date"] == "2026-12-02")
    assert head_title.startswith(title + " - ")
    assert heading.strip() == title
    assert listed == [title]
    assert entry["title"] == title


def test_files_that_would_hang_the_check_are_refused_at_once(project):
    docs = project / "docs"
    os.mkfifo(docs / "guide/pipe.md")  # reading it would wait for a writer forever
    (docs / "guide/laughs.md").write_text(f"---\ntitle: 笑\n{laughs(8)}---\n\n正文\n", encoding="utf-8")
    (docs / "guide/deep.md").write_text("---\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n---\n\n正文\n",
                                        encoding="utf-8")
    with open(docs / "guide/huge.md", "wb") as huge:
        huge.truncate(3 * 1024 * 1024 * 1024)  # 3 GB, sparse: never read
    result = run_portal(project, "check", timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "docs/guide/pipe.md:1: 这不是普通文件" in result.stdout
    assert "docs/guide/laughs.md:3: 前言信息里不能用“&名字”和“*名字”这种引用写法" in result.stdout
    deep = next(line for line in result.stdout.splitlines() if line.startswith("docs/guide/deep.md:2: "))
    assert "title 以“[”开头" in deep and len(deep) < 200
    assert "docs/guide/huge.md:1: 文件有 3072.0 MB" in result.stdout


def test_yaml_that_would_take_the_machine_is_refused_in_every_editor_file(project):
    """Aliases, keys that are lists and brackets 900 deep: in settings, topics and front matter alike."""
    docs = project / "docs"
    settings = docs / "morning/settings.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "bomb:\n" + "".join(
        "  " + line + "\n" for line in laughs(8).splitlines()), encoding="utf-8")
    bomb_line = settings.read_text(encoding="utf-8").split("\n").index("bomb:") + 2
    topics = docs / "morning/topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + "- &t 廉政\n- *t\n", encoding="utf-8")
    topic_line = topics.read_text(encoding="utf-8").count("\n") - 1
    (docs / "guide/key.md").write_text("---\ntitle: 键\n[a]: b\n---\n\n正文\n", encoding="utf-8")
    (docs / "guide/number.md").write_text("---\ntitle: 0x" + "f" * 5_000 + "\n---\n\n正文\n", encoding="utf-8")
    (docs / "guide/deep.md").write_text("---\ntitle: 深\ntags: " + "[" * 900 + "]" * 900 + "\n---\n\n正文\n",
                                        encoding="utf-8")
    result = run_portal(project, "check", timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output and "出错了" not in output, output
    assert f"docs/morning/settings.yml:{bomb_line}: 设置文件里不能用“&名字”和“*名字”这种引用写法" in result.stdout
    assert f"docs/morning/topics.yml:{topic_line}: 主题列表里不能用“&名字”" in result.stdout
    assert "docs/guide/key.md:3: 前言信息里名称只能是一段文字" in result.stdout
    assert "docs/guide/deep.md:3: 前言信息里括号或缩进嵌套太深了" in result.stdout
    assert "docs/guide/number.md:2: 前言信息里这一项的数字太长了" in result.stdout  # Python cannot print it
    assert all(len(line) < 200 for line in result.stdout.splitlines()), result.stdout
    # A settings file that cannot be read is one problem, not one on every report that names a branch.
    assert ("缺少支部名单" not in result.stdout and "不在支部列表" not in result.stdout
            and "不在可选范围" not in result.stdout)


@pytest.mark.build
def test_a_picture_that_declares_200_megapixels_is_refused_before_it_is_decoded(project, tmp_path):

    bomb = project / "docs/activities/images/bomb.png"
    bomb_png(bomb)
    assert bomb.stat().st_size < 40 * 1024
    bomb_png(project / "docs/activities/images/large.png", 8_000, 7_000)  # under Pillow's own refusal
    result = run_portal(project, "check", timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "docs/activities/images/bomb.png:1: 图片超过了 5000 万像素的上限" in result.stdout
    assert "docs/activities/images/large.png:1: 图片有 5600 万像素，超过了 5000 万像素的上限" in result.stdout
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
                           cwd=project, capture_output=True, text=True, timeout=120)
    assert build.returncode != 0 and "Traceback" not in build.stdout + build.stderr
    assert "docs/activities/images/bomb.png:1: 图片超过了 5000 万像素的上限" in build.stdout + build.stderr


ADVERSARIAL_LINES = {  # 20 KB lines that made one of the portal's patterns, or Markdown, read them over and over
    "brackets": "[" * 20_000, "pictures": "![" * 10_000, "nested": "[" * 9_000 + "x" + "]" * 9_000,
    "links without end": "[x](" * 5_000, "pictures in brackets": "![[" * 6_666, "tags without end": "<a " * 6_666,
    "angles": "<" * 20_000, "braces": "{" * 20_000, "attribute lists": "{: " * 6_666, "backticks": "\\`" * 10_000,
    "emphasis": "*_" * 10_000, "entities": "&" * 20_000, "comments": "<!--" * 5_000,
    "backtick runs": " ".join("`" * length for length in range(1, 200)),
}


@pytest.mark.parametrize("name", ADVERSARIAL_LINES)
def test_no_pattern_of_the_check_reads_an_adversarial_line_over_and_over(name):
    import time

    from portal_core import html_policy, links, markdown_text, prose

    line = ADVERSARIAL_LINES[name]
    for read in (html_policy.scan, markdown_text.blank_code, prose.as_paragraphs, links.first_image,
                 lambda text: links.read_links("x.md", text, 1), lambda text: markdown_text.first_paragraph(text, 100),
                 markdown_text.markup_cost_problem):
        started = time.monotonic()
        read(line)
        assert time.monotonic() - started < 1.0, (name, read)


@pytest.mark.build
def test_a_paragraph_markdown_would_take_minutes_over_is_refused_before_it_is_read(project, tmp_path):
    docs = project / "docs"
    (docs / "morning/2026/2026-12-02.md").write_text(
        "---\ntitle: 括号\ndate: 2026-12-02\ntopic: 政治理论\n---\n\n党员要坚定理想信念。\n\n" + "[" * 19_990 + "\n",
        encoding="utf-8")
    chapter = docs / "manuals/integrity/01-discipline-rules.md"
    line = chapter.read_text(encoding="utf-8").count("\n") + 2
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + "[x](" * 5_000 + "\n", encoding="utf-8")
    (docs / "guide/tags.md").write_text("---\ntitle: 标签\n---\n\n" + "文字 <b 文字\n\n" * 4_000, encoding="utf-8")
    (docs / "guide/silent.md").write_text("---\ntitle: 静\n---\n\n"
                                          + "![图](../activities/images/2026-06-28-red-journey.jpg)"
                                          "{ 说明=合影 }\n\n" * 30, encoding="utf-8")  # only the rendered page shows it
    (docs / "guide/many.md").write_text("---\ntitle: 很多\n---\n\n" + '<i x="&#97;">字</i>\n\n' * 2_000,
                                        encoding="utf-8")
    result = run_portal(project, "check", timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "docs/morning/2026/2026-12-02.md:9: 这一段里没有配对的方括号" in result.stdout
    assert "docs/guide/tags.md:5: 这一段里没有配对的" in result.stdout  # raw HTML is read across paragraphs
    assert "docs/guide/many.md:2003: 正文里的 <i> 标签不能带“x”属性" in result.stdout  # 2,000 faults, checked at once
    silent = [line for line in result.stdout.splitlines() if line.startswith("docs/guide/silent.md:")]
    assert any(line.startswith("docs/guide/silent.md:5: 正文里的 <img> 标签不能带“说明”属性")
               for line in silent), silent
    assert ("docs/guide/silent.md:5: 这一页另有 10 处内容生成网站时会被删除。"
            "请先改正上面列出的几处，再运行检查。") in silent
    assert len(silent) == 2 + 20, silent  # the nav's line, twenty faults, the count of the rest
    assert f"docs/manuals/integrity/01-discipline-rules.md:{line}: 这一段里没有配对的方括号" in result.stdout
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")],
                           cwd=project, capture_output=True, text=True, timeout=120)
    assert build.returncode != 0 and "docs/morning/2026/2026-12-02.md:9: 这一段里没有配对的方括号" in build.stderr


def test_ordinary_links_and_markup_cost_nothing():
    from portal_core.markdown_text import markup_cost_problem

    prose_with_links = "学习[《条例》](../manuals/integrity/index.md)和<abbr title='x'>缩写</abbr>，（见附件）。" * 300
    assert markup_cost_problem(prose_with_links) is None
    # one open mark, a short paragraph
    assert markup_cost_problem("三会一课 [未完的括号\n\n" + "正文。" * 5_000) is None


def test_a_card_and_the_corridor_screen_take_only_a_picture_beside_the_page():
    """The first picture of a report becomes its card and its kiosk photo: never another host's."""
    from portal_core.links import first_image

    body = ("[![图](//192.0.2.1/x.png)](../index.md)\n\n![外](http://192.0.2.1/y.png)\n\n![图](/etc/z.png)\n\n"
            "![照片](../images/2026-06-28-red-journey.jpg)\n")
    assert first_image(body) == "../images/2026-06-28-red-journey.jpg"
    assert first_image("![外](//192.0.2.1/x.png)") is None
