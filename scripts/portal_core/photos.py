"""Photos larger than a page needs, made web-sized at build time; the editor's original is never touched.

A phone photo (4000×3000, several MB) becomes at most 1600 px on its long side, turned upright
by its EXIF orientation, without its EXIF data (which may hold where it was taken), as a
progressive JPEG or an optimised PNG. Copies are kept in a cache folder keyed by the original's
path, size and time, so a rebuild reads no photo twice.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

LONG_SIDE = 1600  # px: twice the content column, and enough for the corridor screen's photo box
SMALL_ENOUGH = 300 * 1024  # bytes: a photo under this and within LONG_SIDE is published as it is
JPEG_QUALITY = 82
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
CACHE_DIR = ".cache/photos"  # below the project folder, ignored by git


def web_copy(original: Path, cache: Path) -> Path | None:
    """The path of a web-sized copy of `original`, or None when the original is fine as it is."""
    if original.suffix.lower() not in SUFFIXES:
        return None
    stat = original.stat()
    key = hashlib.sha256(f"{original.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{LONG_SIDE}|{JPEG_QUALITY}"
                         .encode("utf-8")).hexdigest()[:20]
    copy = cache / (key + original.suffix.lower())
    if copy.exists():
        return copy
    marker = cache / (key + ".as-is")
    if marker.exists():
        return None
    from PIL import Image, ImageOps, UnidentifiedImageError  # only builds with photos need it

    try:
        with Image.open(original) as image:
            large = max(image.size) > LONG_SIDE
            if not large and stat.st_size <= SMALL_ENOUGH:
                _touch(marker)
                return None
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
            cache.mkdir(parents=True, exist_ok=True)
            partial = copy.with_name(copy.name + f".{os.getpid()}.part")
            _save(upright, partial, original.suffix.lower())
    except (UnidentifiedImageError, OSError, ValueError):
        return None  # not a picture Pillow can read: published as it is (the check already saw it)
    if partial.stat().st_size >= stat.st_size and not large:
        partial.unlink()
        _touch(marker)
        return None
    os.replace(partial, copy)  # a copy in the cache is always whole
    return copy


def _save(image, path: Path, suffix: str) -> None:
    if suffix in (".jpg", ".jpeg"):
        image.convert("RGB").save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif suffix == ".png":
        image.save(path, "PNG", optimize=True)
    else:
        image.save(path, "WEBP", quality=JPEG_QUALITY)


def _touch(marker: Path) -> None:
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
