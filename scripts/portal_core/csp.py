"""The Content-Security-Policy of every page: one constant, the same as the web server's header.

Scripts come from the portal's own host only. Nothing inline runs — the theme's few inline lines
were moved into files (`portal-scope.js`) — and a page that carries an inline script anyway
(a theme upgrade, a plugin, content that got past the sanitizer) stops the build: the policy is
never widened to fit a page, so nothing a page holds can ever be allowed by it.
"""

from __future__ import annotations

import re

POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    # Material's icons are data: images in its CSS.
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
))
# What only a header can say (a <meta> policy may not): no other site may frame the portal.
HEADER_POLICY = POLICY + "; frame-ancestors 'self'"

_SCRIPT = re.compile(r"<script\b(?P<attributes>[^>]*)>", re.IGNORECASE)
_SOURCE = re.compile(r"\ssrc\s*=", re.IGNORECASE)
_DATA_ONLY = re.compile(r"""\stype\s*=\s*["']?application/(?:ld\+)?json""", re.IGNORECASE)
_HEAD_START = re.compile(r"<head[^>]*>(\s*<meta charset=[^>]*>)?", re.IGNORECASE)
META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'


class InlineScript(Exception):
    """A page holds a script the policy would refuse to run; its opening tag is the message."""


def inline_scripts(page_html: str) -> list[str]:
    """The opening tag of every script a browser would run from the page itself."""
    return [match.group(0) for match in _SCRIPT.finditer(page_html)
            if not _SOURCE.search(match.group("attributes")) and not _DATA_ONLY.search(match.group("attributes"))]


def with_policy(page_html: str) -> str:
    """The page with the policy as the first element of <head>; InlineScript if it holds one."""
    if found := inline_scripts(page_html):
        raise InlineScript(found[0][:80])
    match = _HEAD_START.search(page_html)
    if not match:
        return page_html
    return page_html[:match.end()] + META + page_html[match.end():]
