"""The Content-Security-Policy of every page: scripts from the portal itself and nothing inline
except the theme's own few lines, each allowed by its exact hash.

The hashes are taken from the page as the theme rendered it, with the page's content (editors'
text, already sanitized) cut out first: a script that reached the content somehow never gets a hash.
"""

from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<code>.*?)</script>", re.DOTALL | re.IGNORECASE)
_NOT_RUN = re.compile(r"""type\s*=\s*["']?application/(?:ld\+)?json""", re.IGNORECASE)
_HEAD_START = re.compile(r"<head[^>]*>(\s*<meta charset=[^>]*>)?", re.IGNORECASE)

# Everything the portal loads comes from its own host; Material's icons are data: images in its CSS.
_OTHER_SOURCES = (
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def policy(script_hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *(f"'{digest}'" for digest in script_hashes)])
    return "; ".join(("default-src 'self'", f"script-src {scripts}", *_OTHER_SOURCES))


def inline_script_hashes(html: str) -> list[str]:
    """`sha256-…` of every inline script a browser would run, in order, without repeats."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        if "src" in match.group("attributes").lower() or _NOT_RUN.search(match.group("attributes")):
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("code").encode("utf-8")).digest()).decode("ascii")
        if f"sha256-{digest}" not in hashes:
            hashes.append(f"sha256-{digest}")
    return hashes


def with_policy(page_html: str, content: str = "") -> str:
    """The page with its policy as the first element of <head>; `content` is never trusted."""
    theme_part = page_html.replace(content, "") if content else page_html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_script_hashes(theme_part))}">'
    match = _HEAD_START.search(page_html)
    if not match:
        return page_html
    return page_html[:match.end()] + meta + page_html[match.end():]
