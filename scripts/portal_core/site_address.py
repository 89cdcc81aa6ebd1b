"""The site's address, worked out in one place: the URL the site is built for and the path it is
mounted at on its host ("/" or, say, "/portal/"), from publish's --site-url, else mkdocs.yml's
site_url, else the preview's own address.
"""

from __future__ import annotations

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
