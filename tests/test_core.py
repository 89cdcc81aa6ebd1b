"""The plain-Python core, without MkDocs."""

from __future__ import annotations

import datetime as dt

import markdown
from portal_core import build_messages, listings
from portal_core.content import meta_date
from portal_core.markdown_text import first_paragraph, md_text


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"])


def test_md_text_keeps_markup_as_characters():
    title = "<img src=x onerror=alert(1)> [点我](javascript:alert(1)) **粗** a|b"
    html = render(md_text(title))
    assert "<img" not in html and "<a" not in html and "<strong" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "[点我](javascript:alert(1))" in html
    assert "**粗** a|b" in html


def test_lecture_table_escapes_titles_inside_the_table():
    lecture = listings.Lecture(
        src="lectures/x.md", title="甲|乙 <b>丙</b>", date=dt.date(2026, 5, 1),
        speaker="书记", branch="机关党支部", kind="微党课", summary="",
    )
    html = render(listings.lecture_table([lecture], "lectures/index.md"))
    assert html.count("<td>") == 5
    assert "甲|乙 &lt;b&gt;丙&lt;/b&gt;" in html
    assert 'href="x.md"' in html


def test_links_are_relative_to_the_page_they_appear_on(tmp_path):
    posts = tmp_path / "activities/posts"
    posts.mkdir(parents=True)
    (posts / "2026-05-04-youth.md").write_text(
        "---\ntitle: 五四青年座谈会\ndate: 2026-05-04\ncategories: [机关党支部]\n---\n\n"
        "五四青年节前夕，机关党支部召开青年干部座谈会，畅谈理想与担当。\n\n![合影](../images/youth.jpg)\n\n"
        "<!-- more -->\n\n正文。\n",
        encoding="utf-8",
    )
    [activity] = listings.load_activities(tmp_path)
    assert activity.photo == "activities/images/youth.jpg"
    assert activity.branch == "机关党支部"
    assert activity.summary == "五四青年节前夕，机关党支部召开青年干部座谈会，畅谈理想与担当。"
    cards = listings.activity_cards([activity], "index.md")
    assert "(activities/posts/2026-05-04-youth.md)" in cards
    assert "(<activities/images/youth.jpg>)" in cards  # <…>: a picture's name may hold a space


def test_lectures_are_newest_first_and_skip_the_index(tmp_path):
    folder = tmp_path / "lectures"
    folder.mkdir()
    (folder / "index.md").write_text("# 党课\n", encoding="utf-8")
    for day in ("2026-01-02", "2026-08-09", "2026-03-04"):
        (folder / f"{day}.md").write_text(f"---\ntitle: 党课{day}\ndate: {day}\n---\n\n正文。\n", encoding="utf-8")
    assert [item.date.isoformat() for item in listings.load_lectures(tmp_path)] == [
        "2026-08-09", "2026-03-04", "2026-01-02",
    ]


def test_windows_notepad_bom_is_read_as_normal(tmp_path):
    folder = tmp_path / "lectures"
    folder.mkdir()
    (folder / "a.md").write_bytes(
        "\ufeff---\r\ntitle: 记事本保存的讲稿\r\ndate: 2026-02-03\r\n---\r\n\r\n正文。\r\n".encode("utf-8"))
    [lecture] = listings.load_lectures(tmp_path)
    assert lecture.title == "记事本保存的讲稿"
    assert lecture.date == dt.date(2026, 2, 3)


def test_summary_skips_images_and_shortens():
    body = "![照片](a.jpg)\n\n" + "学" * 100 + "\n\n第二段"
    summary = first_paragraph(body, 70)
    assert summary.startswith("学学") and summary.endswith("…") and len(summary) == 70


def test_meta_date_accepts_the_blog_form():
    assert meta_date({"created": dt.date(2026, 1, 2)}) == dt.date(2026, 1, 2)
    assert meta_date("2026-02-30") is None


def test_build_messages_in_chinese():
    missing_image = (
        "Doc file 'activities/posts/a.md' contains a link '../images/b.jpg', but the target "
        "'activities/images/b.jpg' is not found among documentation files."
    )
    assert build_messages.translate(missing_image) == (
        "docs/activities/posts/a.md: 图片“../images/b.jpg”指向的文件 docs/activities/images/b.jpg 不存在。"
        "请检查文件名和路径是否写对（区分大小写），或把缺少的文件放进 docs/ 中。"
    )
    anchor = "Doc file 'a.md' contains a link 'b.md#x', but the doc 'b.md' does not contain an anchor '#x'."
    assert build_messages.translate(anchor).startswith("docs/a.md: 链接“b.md#x”要跳到 docs/b.md 的小标题“x”")
    omitted = (
        'The following pages exist in the docs directory, but are not included in the "nav" configuration:\n'
        "  - manuals/a.md\n  - manuals/b.md"
    )
    assert build_messages.translate(omitted).startswith("docs/manuals/a.md、docs/manuals/b.md: 这些页面还没有加入")
    assert build_messages.translate("Documentation built in 1.2 seconds") is None


def test_lecture_summary_from_front_matter_or_first_real_paragraph(tmp_path):
    folder = tmp_path / "lectures"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\ntitle: 甲\ndate: 2026-01-01\n---\n\n同志们：\n\n"
        "今天我们一起学习党章，重点讲党员的义务和权利，以及如何在岗位上践行。\n",
        encoding="utf-8",
    )
    (folder / "b.md").write_text("---\ntitle: 乙\ndate: 2026-01-02\nsummary: 编辑写的摘要\n---\n\n同志们：\n",
                                 encoding="utf-8")
    by_title = {lecture.title: lecture.summary for lecture in listings.load_lectures(tmp_path)}
    assert by_title == {"甲": "今天我们一起学习党章，重点讲党员的义务和权利，以及如何在岗位上践行。",
                        "乙": "编辑写的摘要"}
