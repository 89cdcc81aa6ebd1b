"""Text pasted from Word reads as its editor meant it: a paragraph per line, no grey code blocks."""

from __future__ import annotations

import re

import pytest
from support import build_site

PASTED = ("\u3000\u3000第一段：学习党章，是每名党员的必修课。\n"
          "\u3000\u3000第二段：遵守纪律，是每名党员的基本要求。\n"
          "\t第三段：这一段前面是一个 Tab。\n"
          "    第四段：这一段前面是四个空格。\n")


@pytest.mark.build
def test_word_paragraphs_and_indents_become_paragraphs(project, tmp_path):
    (project / "docs/morning/2026/2026-12-02.md").write_text(
        "---\ntitle: 从 Word 粘贴的晨学\ndate: 2026-12-02\ntopic: 政治理论\n---\n\n" + PASTED, encoding="utf-8")
    chapter = project / "docs/manuals/integrity/01-discipline-rules.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") +
                       '\n!!! note "提示"\n    提示的第一行。\n    提示的第二行。\n', encoding="utf-8")
    site = build_site(project, tmp_path / "site")
    page = (site / "morning/2026/2026-12-02/index.html").read_text(encoding="utf-8")
    article = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', page, re.S).group(1)
    paragraphs = [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", article, re.S)]
    assert [p[:3] for p in paragraphs if p.startswith("第")] == ["第一段", "第二段", "第三段", "第四段"]
    assert "<pre" not in article and "\u3000" not in "".join(paragraphs)
    notes = (site / "manuals/integrity/01-discipline-rules/index.html").read_text(encoding="utf-8")
    admonition = re.search(r'<div class="admonition note">(.*?)</div>', notes, re.S).group(1)
    assert "<p>提示的第一行。</p>" in admonition and "<p>提示的第二行。</p>" in admonition
