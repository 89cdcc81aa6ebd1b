"""A file's bytes as a digest, for caches that must survive a moved or freshly cloned checkout.

The digest names the content only, never where the file is; it is computed again only when the
file's size, time or inode changed (the preview asks after every save).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path


def content_digest(path: Path) -> str:
    """The SHA-256 of the file's bytes; "missing" when it cannot be read."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return _digest_of(str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)


@functools.lru_cache(maxsize=16_384)  # a ten-year archive's items, kept by the preview between builds
def _digest_of(path: str, _size: int, _mtime: int, _inode: int) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"
