"""The site's address, worked out in one place: the URL the site is built for and the path it is
mounted at on its host ("/" or, say, "/portal/"), from publish's --site-url (else the live
release's, see publish.py), else mkdocs.yml's site_url, else the preview's own address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

PREVIEW_URL = "http://127.0.0.1:8000/"  # mkdocs.yml names no address: the editors' preview


@dataclass(frozen=True)
class SiteAddress:
    url: str  # always ends with "/"

    @property
    def path(self) -> str:
        """Where the site is mounted on its host: "/" for http://host/, "/portal/" for http://host/portal/."""
        return urlsplit(self.url).path or "/"

    def of(self, url_below_root: str) -> str:
        """A page's path on the host, from its URL below the site root (MkDocs' `File.url`)."""
        return self.path + url_below_root.lstrip("/")


def resolve(*site_urls: str | None) -> SiteAddress:
    """The first address given, in the order of precedence (publish's --site-url, mkdocs.yml's)."""
    url = next((url for url in site_urls if url), PREVIEW_URL)
    return SiteAddress(url if url.endswith("/") else url + "/")


# Characters no intranet address holds and that would end an attribute or a header if one did.
_FORBIDDEN = re.compile(r"[\s\"'<>`\\]")


def problem(url: str) -> str | None:
    """Why `url` cannot be the portal's address (in Chinese, with an example), or None."""
    parts = urlsplit(url)
    try:
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
    if (parts.scheme not in ("http", "https") or not parts.hostname or not port_ok or _FORBIDDEN.search(url)
            or parts.query or parts.fragment or parts.username or url.count("://") != 1):
        return (f"网站地址“{url}”不能用：要写成 http:// 或 https:// 开头、后面跟主机名的完整地址，"
                "不带空格和引号，例如 http://dangjian.scjg/ 或 http://主机名/portal/。")
    return None
