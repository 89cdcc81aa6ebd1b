"""Prose as editors paste it from Word, read as they meant it.

Word pastes one line per paragraph, often indented with full-width spaces (　　) or a Tab. In
Markdown a single line break joins two paragraphs into one run-on paragraph, and an indent of a
Tab or four spaces makes a grey code block. Chinese text is never wrapped by hand, so a line
break between two lines of Chinese is a paragraph break, and the indent of a Chinese paragraph
is dropped — except inside admonitions, tabs and lists, where indentation is structure.
"""

from __future__ import annotations

import re

_CHINESE_START = re.compile(r"^([ \t\u3000]*)[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff“‘《（「『【〔]")
_CONTAINER = re.compile(r"^(?:!!!|\?\?\?\+?|===|[-*+][ \t]|\d+[.)][ \t])")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


def as_paragraphs(markdown: str) -> str:
    lines = markdown.split("\n")
    out: list[str] = []
    fence = None
    in_container = False
    previous_prose = False
    for line in lines:
        if match := _FENCE.match(line):
            marker = match.group(1)[0] * 3
            fence = marker if fence is None else (None if match.group(1).startswith(fence) else fence)
            out.append(line)
            previous_prose = False
            continue
        if fence is not None:
            out.append(line)
            continue
        if not line.strip():
            out.append(line)
            previous_prose = False
            continue
        indented = line[:1] in (" ", "\t", "\u3000")
        if not indented:
            in_container = bool(_CONTAINER.match(line))
        match = _CHINESE_START.match(line)
        if not match:
            out.append(line)
            previous_prose = False
            continue
        indent = match.group(1)
        structural = indent.replace("\u3000", "") if in_container else ""
        text = structural + line[len(indent):]
        if previous_prose:
            out.append("")  # a paragraph break; indented lines after it stay in their container
        out.append(text)
        previous_prose = True
    return "\n".join(out)
