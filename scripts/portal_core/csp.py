"""The Content-Security-Policy of every page: the web server's header, read from its nginx snippet.

Scripts come from the portal's own host only. Nothing inline runs — the theme's few inline lines
were moved into files (`portal-scope.js`) — and a page that carries an inline script anyway
(a theme upgrade, a plugin, content that got past the sanitizer) stops the build: the policy is
never widened to fit a page, so nothing a page holds can ever be allowed by it.
"""

from __future__ import annotations

import re
from pathlib import Path

# The policy is defined once, in the nginx snippet both server files include; the pages carry it
# in a <meta>, which may not say frame-ancestors (no other site may frame the portal).
NGINX_HEADERS = Path(__file__).resolve().parents[1] / "deploy/nginx/portal-headers.conf"
HEADER_POLICY = re.search(r'^add_header Content-Security-Policy "([^"]+)" always;$',
                          NGINX_HEADERS.read_text(encoding="utf-8"), re.MULTILINE)[1]
POLICY = "; ".join(part for part in HEADER_POLICY.split("; ") if not part.startswith("frame-ancestors"))

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
