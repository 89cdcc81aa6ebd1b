"""Photos larger than a page needs, made web-sized at build time; the editor's original is never touched.

A phone photo (4000×3000, several MB) becomes at most 1600 px on its long side, turned upright
by its EXIF orientation, without its EXIF data (which may hold where it was taken), as a
progressive JPEG or an optimised PNG. Copies are kept in a cache folder keyed by the original's
bytes, so a rebuild, a moved checkout or a fresh clone with the cache makes no photo twice.
"""

from __future__ import annotations

import functools
import hashlib
import os
import warnings
from pathlib import Path

from .file_digest import content_digest

LONG_SIDE = 1600  # px: twice the content column, and enough for the corridor screen's photo box
SMALL_ENOUGH = 300 * 1024  # bytes: a photo under this and within LONG_SIDE is published as it is
JPEG_QUALITY = 82
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
CACHE_DIR = ".cache/photos"  # below the project folder, ignored by git
# A 12-megapixel phone photo is well inside this; a picture over it is refused by the check before
# anything decodes it (a 38 KB PNG can declare 200 megapixels, which decoded take gigabytes).
PIXEL_LIMIT = 50_000_000


def pillow():
    """Pillow's Image, never decoding more than PIXEL_LIMIT pixels (it raises instead)."""
    from PIL import Image  # only builds and checks with pictures need it

    Image.MAX_IMAGE_PIXELS = PIXEL_LIMIT  # Pillow warns above this and raises above twice it
    return Image


def picture_pixels(path: Path) -> int | None:
    """How many pixels a picture's header declares, read without decoding (more than twice
    PIXEL_LIMIT is not counted: Pillow refuses at once); None when Pillow cannot read the header
    (the file is published as it is, as any download would be). The preview checks after every
    save: a picture that did not change (same size, time and inode) is not opened again."""
    stat = path.stat()
    return _declared_pixels(str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)


@functools.lru_cache(maxsize=20_000)
def _declared_pixels(path: str, _size: int, _changed: int, _inode: int) -> int | None:
    Image = pillow()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the caller says it in Chinese
            with Image.open(path) as image:
                return image.size[0] * image.size[1]
    except Image.DecompressionBombError:
        return 2 * PIXEL_LIMIT + 1
    except (OSError, ValueError, SyntaxError):  # SyntaxError: Pillow's word for a broken header
        return None


def web_copy(original: Path, cache: Path) -> Path | None:
    """The path of a web-sized copy of `original`, or None when the original is fine as it is."""
    if original.suffix.lower() not in SUFFIXES:
        return None
    stat = original.stat()
    # By content, not by path: a moved or freshly cloned checkout finds its copies made.
    key = hashlib.sha256(f"{content_digest(original)}|{LONG_SIDE}|{JPEG_QUALITY}".encode()).hexdigest()[:20]
    copy = cache / (key + original.suffix.lower())
    if copy.exists():
        return copy
    marker = cache / (key + ".as-is")
    if marker.exists():
        return None
    from PIL import ImageOps, UnidentifiedImageError

    Image = pillow()
    try:
        with Image.open(original) as image:
            large = max(image.size) > LONG_SIDE
            if not large and stat.st_size <= SMALL_ENOUGH:
                _touch(marker)
                return None
            image.draft("RGB", (LONG_SIDE, LONG_SIDE))  # a JPEG decodes at the smallest scale still large enough
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS)
            cache.mkdir(parents=True, exist_ok=True)
            partial = copy.with_name(copy.name + f".{os.getpid()}.part")
            _save(upright, partial, original.suffix.lower())
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None  # not a picture Pillow can read: published as it is (the check already refused a bomb)
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
