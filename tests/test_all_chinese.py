"""Staff and editors read Chinese: the interface words of the built site and of the editors'
commands are Chinese, and the portal's Chinese font stack is the one pages are set in."""

from __future__ import annotations

import re

import pytest

from conftest import run_portal

# Words argparse, Material and Python-Markdown print in English unless told otherwise.
ENGLISH = re.compile(r"usage:|positional arguments|options:|show this help|Permanent link|alt=\"logo\"|"
                     r"required:|invalid choice|unrecognized arguments")


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
    assert 'title="本节的链接"' in (site_dir / "manuals/integrity/01-discipline-rules/index.html").read_text(encoding="utf-8")
    assert re.search(r'<img src="[^"]*logo\.[0-9a-f]{8}\.svg" alt="市场监管局党建学习门户标志"', home)


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
