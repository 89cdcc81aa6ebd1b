"""The portal's own styles, scripts and emblem under content-addressed names.

They live in the theme folder (`overrides/assets/`, which MkDocs publishes as `assets/`), never in
docs/: editors' files cannot become the site's code.

`portal.css` is published as `portal.<hash>.css` too, and every page asks for that name: after a
publish a browser (or the corridor screen) that visited before can never run old code with new
data, and the web server may let browsers keep these files for a year.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ASSETS_DIR = "assets"
HASHED_SUFFIXES = (".css", ".js", ".svg")


def hashed_names(theme_dir: Path) -> dict[str, str]:
    """{"assets/stylesheets/portal.css": "assets/stylesheets/portal.1a2b3c4d.css", ...}"""
    names = {}
    root = theme_dir / ASSETS_DIR
    for path in sorted(root.rglob("*")) if root.is_dir() else ():
        if path.suffix in HASHED_SUFFIXES and path.is_file() and not path.is_symlink():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
            src = path.relative_to(theme_dir).as_posix()
            names[src] = src[: -len(path.suffix)] + f".{digest}{path.suffix}"
    return names
