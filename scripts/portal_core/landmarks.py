"""Names for Material's navigation landmarks, so that a screen reader's list of landmarks tells
them apart (axe: landmark-unique).

Material names each section's <nav> by the label that opens it; with `navigation.indexes` that
label holds only an arrow icon, so every section's <nav> is nameless and they all read alike.
They are pointed at the section's title instead. Each excerpt's 继续阅读 link on the activity lists
is no landmark at all (Material makes it a <nav> per report).
"""

from __future__ import annotations

import re

_SECTION_NAV = re.compile(
    r'(<nav class="md-nav" data-md-level="\d+" aria-labelledby=")(__nav\w*)_label("[^>]*>\s*'
    r'<label class="md-nav__title" for="\2")>')
_READ_MORE = re.compile(r'<nav class="md-post__action">(.*?)</nav>', re.S)


def with_named_landmarks(html: str) -> str:
    html = _SECTION_NAV.sub(r'\1\2_title\3 id="\2_title">', html)
    return _READ_MORE.sub(r'<div class="md-post__action">\1</div>', html)
