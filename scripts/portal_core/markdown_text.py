"""Putting editors' plain text into generated Markdown without it becoming markup."""

import html
import re

# Characters Python-Markdown (with tables) treats as markup when unescaped.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(text: object) -> str:
    """Escape text for inline Markdown: Markdown specials, then <, > and &."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))
    return html.escape(escaped, quote=False)
