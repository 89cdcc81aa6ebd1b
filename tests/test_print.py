"""The printed booklets, read back as a reader would: cover, contents with true page numbers,
chapters on right-hand pages, running headers, page numbers, embedded CJK fonts, page
references; the yearly 晨学 collection; made again only when their sources change; linked from
their pages; and Ctrl+P on any page printing the content only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from support import SiteServer, build_site, copy_project, run_portal

pytestmark = pytest.mark.pdf

MANUALS = {
    "party-building": "党建知识手册",
    "anti-crime": "扫黑除恶知识手册",
    "food-drug-safety": "食品药品安全知识手册",
    "integrity": "廉政教育与纪律手册",
}
CLOSING = "，。、；：？！）》」』”’"


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """A project copy whose booklets were made by `portal.py print`, and its built site."""
    project = tmp_path_factory.mktemp("print-project")
    copy_project(project)
    made = run_portal(project, "print")
    assert made.returncode == 0, made.stdout + made.stderr
    site = build_site(project, project / "site")
    return project, site, made.stdout


def pages_text(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def chapter_titles(project: Path, manual: str) -> list[str]:
    from portal_core.content import read_document

    titles = []
    for path in sorted((project / "docs/manuals" / manual).glob("0*.md")):
        doc, _ = read_document(path)
        titles.append(doc.meta["title"])
    return titles


def test_every_manual_and_the_year_are_printed_and_linked(printed):
    project, site, output = printed
    for manual, title in MANUALS.items():
        pdf = site / "manuals" / manual / f"{manual}.pdf"
        assert pdf.is_file(), pdf
        pages = len(PdfReader(pdf).pages)
        size_kb = round(pdf.stat().st_size / 1024)
        index = (site / "manuals" / manual / "index.html").read_text(encoding="utf-8")
        assert f'href="{manual}.pdf"' in index and "下载打印版" in index
        assert f"{title} · PDF · A5 · {pages} 页 · {size_kb} KB" in index  # what the reader gets
        assert f'download="{title}（打印版）.pdf"' in index
        assert f"已生成：{title}，{pages} 页" in output
    collection = site / "morning/archive/2026/morning-2026.pdf"
    assert collection.is_file()
    for page in ("morning/index.html", "morning/archive/2026/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "morning-2026.pdf" in html and "晨学三分钟 2026年合订本" in html


def test_contents_give_the_page_each_chapter_opens_on(printed):
    project, site, _ = printed
    for manual, title in MANUALS.items():
        texts = pages_text(site / "manuals" / manual / f"{manual}.pdf")
        assert title in texts[0] and "市市场监督管理局" in texts[0] and "2026年" in texts[0]  # the cover
        contents = next(number for number, text in enumerate(texts) if "目\u3000录" in text)
        for chapter in chapter_titles(project, manual):
            listed = re.search(re.escape(chapter) + r"[\s·]*(\d+)", texts[contents])
            assert listed, f"{chapter} not in the contents of {manual}"
            page = int(listed[1])
            opening = texts[page - 1]
            # The chapter's own title opens that page, under the running header; never earlier.
            assert chapter in opening.split("\n")[:4] or opening.lstrip().startswith(chapter), (manual, chapter, page)
            assert page % 2 == 1, f"{chapter} opens on a left-hand page ({page})"
            assert all(chapter not in text.split("\n")[:4] for text in texts[contents + 1: page - 1]), chapter


def opening_pages(texts: list[str], chapters: list[str]) -> dict[str, int]:
    """Each chapter's page number as the contents give it."""
    contents = next(text for text in texts if "目\u3000录" in text)
    return {chapter: int(re.search(re.escape(chapter) + r"[\s·]*(\d+)", contents)[1]) for chapter in chapters}


def test_running_headers_page_numbers_and_page_references(printed):
    project, site, _ = printed
    texts = pages_text(site / "manuals/party-building/party-building.pdf")
    chapters = chapter_titles(project, "party-building")
    pages = opening_pages(texts, chapters)
    following = texts[pages[chapters[0]]]  # the page after the first chapter's opening
    assert "党建知识手册" in following and chapters[0] in following  # header: booklet and chapter
    assert re.search(rf"(^|\n){pages[chapters[0]] + 1}(\n|$)", following)  # its page number
    # The introduction's list of chapters refers to their pages instead of linking.
    intro = next(text for text in texts if "前言" in text and "本手册" in text).replace("\n", "")
    for chapter, page in pages.items():
        assert re.search(re.escape(chapter) + rf"（见第\s*{page}\s*页）", intro), chapter


def test_fonts_are_embedded_noto_cjk_and_no_line_starts_with_closing_punctuation(printed):
    _project, site, _ = printed
    for pdf in [site / "manuals" / m / f"{m}.pdf" for m in MANUALS] + [site / "morning/archive/2026/morning-2026.pdf"]:
        reader = PdfReader(pdf)
        fonts = {}
        for page in reader.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                descriptor = descendant["/FontDescriptor"].get_object()
                embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                fonts[str(font["/BaseFont"])] = embedded
        assert fonts and all(fonts.values()), f"{pdf.name}: not embedded: {fonts}"
        names = " ".join(fonts)
        assert "Noto-Serif-CJK-SC" in names and "Noto-Sans-CJK-SC" in names, names
        for text in pages_text(pdf):
            for line in text.split("\n"):
                assert not line.strip() or line.strip()[0] not in CLOSING, f"{pdf.name}: {line!r}"


def test_the_year_collection_groups_items_by_month_with_answers(printed):
    project, site, _ = printed
    texts = pages_text(site / "morning/archive/2026/morning-2026.pdf")
    whole = "\n".join(texts)
    assert "晨学三分钟 2026年合订本" in texts[0].replace("\n", "")
    contents = next(text for text in texts if "目\u3000录" in text)
    for month in ("2026年9月", "2026年10月", "2026年11月"):
        listed = re.search(month + r"[\s·]*(\d+)", contents)
        assert listed, month
        assert texts[int(listed[1]) - 1].split("\n")[:3].count(month) >= 1 or month in texts[int(listed[1]) - 1][:40]
    assert "年末岁尾，守好廉洁关口" in whole and "2026年11月27日 星期五 · 廉政教育" in whole
    assert whole.count("本月每日一题答案") >= 3
    assert "每日一题" in whole


def test_booklets_are_made_again_only_when_their_sources_change(printed):
    project, _site, _ = printed
    again = run_portal(project, "print")
    assert again.returncode == 0
    assert "已生成" not in again.stdout and again.stdout.count("无变化") == len(MANUALS) + 1
    chapter = project / "docs/manuals/integrity/01-discipline-rules.md"
    before = {p.name: p.stat().st_mtime_ns for p in (project / ".cache/print").glob("*.pdf")}
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n补充一段：严守纪律。\n", encoding="utf-8")
    third = run_portal(project, "print")
    assert "已生成：廉政教育与纪律手册" in third.stdout and third.stdout.count("已生成") == 1
    after = {p.name: p.stat().st_mtime_ns for p in (project / ".cache/print").glob("*.pdf")}
    assert [name for name in before if before[name] != after[name]] == ["manual-integrity.pdf"]


def test_a_booklet_older_than_its_pages_is_not_published(project):
    assert run_portal(project, "print").returncode == 0
    chapter = project / "docs/manuals/anti-crime/02-market-clues.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n新增一段线索说明。\n", encoding="utf-8")
    site = build_site(project, project / "site")
    assert not (site / "manuals/anti-crime/anti-crime.pdf").exists()
    assert "下载打印版" not in (site / "manuals/anti-crime/index.html").read_text(encoding="utf-8")
    assert (site / "manuals/integrity/integrity.pdf").exists()


def test_a_manual_title_with_quotes_and_braces_still_names_the_download_whole(project):
    """A title is the download's file name: typed ASCII quotes or braces neither cut it short nor
    add attributes to the button; the name stays a valid Windows file name."""
    from portal_core import html_policy, printing
    from portal_core.checker import check_content
    from portal_core.rendering import markdown_renderer
    from portal_core.site_config import load_settings

    index = project / "docs/manuals/integrity/index.md"
    index.write_text(re.sub(r"^title: .*$", 'title: \'廉政"手册{ onclick="alert(1)" }：问答?\'',
                            index.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    settings, problems = load_settings(project)
    checked = check_content(settings, problems)
    assert checked.problems == []
    booklet = next(item for item in printing.plan(settings, checked.archive) if item.key == "manual-integrity")
    made = printing.Made(pdf=project / "x.pdf", pages=12, size=500_000, digest="")
    block = printing.download_link(booklet, made, booklet.page_src, "A5")
    page = html_policy.sanitize(markdown_renderer(project / "mkdocs.yml")(block))
    button = re.search(r"<a [^>]*>", page)[0]
    assert 'download="廉政＂手册｛ onclick=＂alert(1)＂ ｝：问答？（打印版）.pdf"' in button, button
    assert "onclick=" not in button.replace("onclick=＂", "")


def test_a_published_booklet_prints_the_address_it_is_published_at(project, tmp_path):
    """A link from a chapter to a page outside its manual is printed as that page's address: the
    address publish was given, not the preview's (the booklets were made for the preview first)."""
    chapter = project / "docs/manuals/integrity/02-law-enforcement-integrity.md"
    chapter.write_text(chapter.read_text(encoding="utf-8")
                       + "\n另见党课讲稿[廉洁从“小节”守起](../../lectures/2026-11-13-integrity-small-things.md)。\n",
                       encoding="utf-8")
    assert run_portal(project, "print").returncode == 0
    published = run_portal(project, "publish", "--to", str(tmp_path / "srv"), "--site-url", "http://dangjian.scjg/",
                           timeout=600)
    assert published.returncode == 0, published.stdout + published.stderr
    text = re.sub(r"\s", "", "".join(pages_text(tmp_path / "srv/current/manuals/integrity/integrity.pdf")))
    assert "http://dangjian.scjg/lectures/2026-11-13-integrity-small-things/" in text
    assert "127.0.0.1" not in text


def test_rendered_pages_look_like_a_booklet(printed, artifacts_dir):
    """Cover, contents, a chapter opening, a page with a table and one with a picture, as PNG."""
    import pypdfium2

    _project, site, _ = printed
    pdf = site / "manuals/party-building/party-building.pdf"
    texts = pages_text(pdf)
    document = pypdfium2.PdfDocument(str(pdf))
    table_page = next(n for n, text in enumerate(texts) if "支部党员大会" in text and "一般频次" in text)
    picture_page = next(n for n, page in enumerate(document) if any(
        obj.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects()) and n > 0)
    chapter_page = next(n for n, t in enumerate(texts) if n > 4 and "目\u3000录" not in t and t.strip())
    wanted = {"cover": 0, "contents": 2, "chapter": chapter_page, "table": table_page, "picture": picture_page}
    for name, number in wanted.items():
        image = document[number].render(scale=1.5).to_pil().convert("RGB")
        image.save(artifacts_dir / f"booklet-{name}.png")
        width, height = image.size
        assert abs(width / height - 148 / 210) < 0.01  # A5
        if name == "cover":
            assert image.getpixel((width // 2, height // 8)) == pytest.approx((163, 27, 27), abs=3)  # the red cover
        else:
            inked = sum(image.convert("L").histogram()[:200]) / (width * height)
            assert inked > 0.01, f"{name} page looks empty ({inked:.2%} inked)"


def test_the_renderer_reads_nothing_outside_docs(tmp_path):
    from portal_core.printing import _only_docs

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ok.txt").write_text("ok")
    emblem = tmp_path / "overrides/assets/images/logo.svg"
    emblem.parent.mkdir(parents=True)
    emblem.write_text("<svg/>")
    (emblem.parent / "other.svg").write_text("<svg/>")
    fetcher = _only_docs(docs.resolve(), emblem.resolve())
    assert fetcher.fetch((docs / "ok.txt").as_uri()).read() == b"ok"
    assert fetcher.fetch(emblem.as_uri()).read() == b"<svg/>"  # the portal's emblem, on the cover
    for url in ("file:///etc/passwd", (docs / ".." / "secret").as_uri(), "http://127.0.0.1:9/x.png", "https://example.com/a.png",
                (emblem.parent / "other.svg").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@pytest.mark.parametrize("path", ["/manuals/party-building/03-branch-life/", "/morning/2026/2026-11-27/",
                                  "/activities/"])
def test_ctrl_p_prints_the_content_only(printed, browser, path):
    _project, site, _ = printed
    server = SiteServer(site)
    try:
        page = browser.new_page()
        page.goto(server.url + path)
        title = page.locator(".md-content h1").first.inner_text()
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                       ".md-search"):
            for element in page.locator(chrome).all():
                assert not element.is_visible(), f"{chrome} printed on {path}"
        assert page.locator(".md-content h1").first.is_visible() and title
        note = page.locator(".portal-print-note")
        assert note.is_visible()
        assert path in note.inner_text() and re.search(r"打印日期：\d{4}年\d{1,2}月\d{1,2}日", note.inner_text())
        link = page.locator(".md-content a[data-print-href]").first
        assert link.count(), f"no link on {path} carries its address on paper"
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert server.url + "/" in after, after
        page.emulate_media(media="screen")
        assert not note.is_visible()
        page.close()
    finally:
        server.stop()
