"""Staff and editors read Chinese: the interface words of the built site and of the editors'
commands are Chinese, and the portal's Chinese font stack is the one pages are set in."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from support import run_portal

# Words argparse, Material and Python-Markdown print in English unless told otherwise.
ENGLISH = re.compile(r"usage:|positional arguments|options:|show this help|Permanent link|alt=\"logo\"|"
                     r"required:|invalid choice|unrecognized arguments|Not found")


@pytest.mark.parametrize("args", [["--help"], ["new", "--help"], ["import", "--help"], ["publish", "--help"],
                                  ["preview", "--help"], ["new"], ["new", "morning"], ["nope"],
                                  ["preview", "--port", "abc"], ["check", "--bogus"]])
def test_the_editors_commands_speak_chinese(project, args):
    result = run_portal(project, *args)
    said = result.stdout + result.stderr
    assert said.strip()
    assert not ENGLISH.search(said), said
    assert "用法：" in said
    assert "Traceback" not in said


def test_no_english_interface_words_in_the_built_site(site_dir):
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) > 50
    found = {str(page.relative_to(site_dir)): ENGLISH.findall(page.read_text(encoding="utf-8")) for page in pages}
    assert not {page: words for page, words in found.items() if words}
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    chapter = (site_dir / "manuals/integrity/01-discipline-rules/index.html").read_text(encoding="utf-8")
    assert 'title="本节的链接"' in chapter
    assert re.search(r'<img src="[^"]*logo\.[0-9a-f]{8}\.svg" alt="市场监管局党建学习门户标志"', home)
    assert "<h1>没有找到这个页面</h1>" in (site_dir / "404.html").read_text(encoding="utf-8")


CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
SPOKEN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "aria-description", "aria-roledescription")


def english_only(text: str) -> bool:
    """Interface text with Latin words and no Chinese at all (PDF, A5 or git inside Chinese are fine)."""
    return bool(LATIN_WORD.search(text)) and not CJK.search(text)


class _SpokenWords(HTMLParser):
    """Every attribute a reader sees as a tooltip or hears from a screen reader, and Material's own
    interface words (its translations, carried in the page)."""

    def __init__(self):
        super().__init__()
        self.words: list[str] = []
        self._in_config = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.words += [f"{tag} {name}={attrs[name]}" for name in SPOKEN_ATTRIBUTES if attrs.get(name)]
        self._in_config = tag == "script" and "__config" in (attrs.get("class") or "")

    def handle_data(self, data):
        if self._in_config:
            self.words += [f"translation {key}={text}" for key, text in json.loads(data)["translations"].items()]
            self._in_config = False


def test_every_tooltip_label_and_placeholder_of_the_built_site_is_chinese(site_dir):
    english, heard = {}, 0
    for page in site_dir.rglob("*.html"):
        parser = _SpokenWords()
        parser.feed(page.read_text(encoding="utf-8"))
        heard += len(parser.words)
        if found := [word for word in parser.words if english_only(word.split("=", 1)[1])]:
            english[str(page.relative_to(site_dir))] = found
    assert heard > 1000
    assert english == {}


LIVE_ENGLISH = """() => {
    const out = [];
    for (const el of document.querySelectorAll('*')) {
        for (const name of %s) {
            const value = el.getAttribute(name);
            if (value && /[A-Za-z]{2,}/.test(value) && !/[\u3400-\u9fff]/.test(value))
                out.push(`${el.tagName} ${name}=${value}`);
        }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
        const text = node.textContent.trim();
        if (!text || !/[A-Za-z]{2,}/.test(text) || /[\u3400-\u9fff]/.test(text)) continue;
        if (node.parentElement.closest('article, .md-content, script, style, code, pre, .md-search-result__list'))
            continue;
        out.push(`text ${text}`);
    }
    return out;
}""" % json.dumps(SPOKEN_ATTRIBUTES)


@pytest.mark.parametrize("path", ["/", "/guide/", "/activities/2026-06-28-red-journey/", "/morning/2026/2026-11-27/"])
def test_what_the_scripts_add_to_a_page_is_chinese_too(page, site_url, path):
    """Copy buttons, the back-to-top button, the search box and its results' status, as the browser shows them."""
    page.goto(site_url + path, wait_until="networkidle")
    page.mouse.wheel(0, 1500)
    page.mouse.wheel(0, -400)  # scrolling up shows Material's 回到页面顶部 button
    page.locator(".md-search__input").click()
    page.keyboard.type("廉洁")
    page.locator(".md-search-result__item").first.wait_for()
    assert page.evaluate(LIVE_ENGLISH) == []


def test_pages_are_set_in_the_portal_chinese_fonts(page, site_url):
    page.goto(site_url + "/manuals/integrity/01-discipline-rules/")
    for selector in ("body", ".md-typeset p", ".md-header__title", ".md-search__input"):
        family = page.locator(selector).first.evaluate("e => getComputedStyle(e).fontFamily")
        assert family.startswith('"Microsoft YaHei"'), (selector, family)


def test_table_and_admonition_text_is_at_least_14_px(page, site_url):
    page.goto(site_url + "/manuals/party-building/03-branch-life/")
    for selector in (".md-typeset table td", ".md-typeset .admonition p", ".md-typeset p", ".md-typeset li"):
        size = page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 14, (selector, size)
