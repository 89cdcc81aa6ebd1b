"""Phone photos are made web-sized at build time; the editor's original never changes."""

from __future__ import annotations

import hashlib

import pytest
from PIL import Image
from support import ROOT, build_site

PHOTO = "docs/activities/images/2026-06-28-red-journey.jpg"


def phone_photo(path, size=(4000, 3000)) -> None:
    """4000×3000 with noise (so it weighs what a phone photo weighs), taken with the phone turned."""
    image = Image.effect_noise(size, 20).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show upright
    exif[0x8825] = {2: (39.0, 54.0, 0.0)}  # GPS: where it was taken
    image.save(path, "JPEG", quality=80, exif=exif)


@pytest.mark.build
def test_a_phone_photo_is_published_web_sized_upright_and_without_its_exif(project, tmp_path):
    original = project / PHOTO
    phone_photo(original)
    before = hashlib.sha256(original.read_bytes()).hexdigest()
    site = build_site(project, tmp_path / "site")
    published = site / "activities/images/2026-06-28-red-journey.jpg"
    with Image.open(published) as image:
        assert image.size == (1200, 1600)  # turned upright, long side 1600
        assert not image.getexif()
    assert published.stat().st_size < original.stat().st_size / 4
    assert hashlib.sha256(original.read_bytes()).hexdigest() == before  # the editor's file as it was
    print(f"phone photo: {original.stat().st_size // 1024} KB -> {published.stat().st_size // 1024} KB")

    cached = sorted((project / ".cache/photos").iterdir())
    stamps = [path.stat().st_mtime_ns for path in cached]
    build_site(project, tmp_path / "again")
    assert sorted((project / ".cache/photos").iterdir()) == cached
    assert [path.stat().st_mtime_ns for path in cached] == stamps  # reused, not made again
    assert (tmp_path / "again/activities/images/2026-06-28-red-journey.jpg").read_bytes() == published.read_bytes()


def test_a_photo_already_web_sized_is_published_as_it_is(site_dir):

    assert (site_dir / "activities/images/2026-01-08-new-year-veterans.jpg").read_bytes() == \
        (ROOT / "docs/activities/images/2026-01-08-new-year-veterans.jpg").read_bytes()


def test_a_moved_or_freshly_cloned_checkout_finds_its_web_sized_copies_made(tmp_path):
    from portal_core import photos

    cache = tmp_path / "cache"
    here = tmp_path / "checkout/docs/activities/images/photo.jpg"
    here.parent.mkdir(parents=True)
    phone_photo(here, (2000, 1500))  # larger than the web size: a copy is made
    made = photos.web_copy(here, cache)
    assert made is not None
    stamp = made.stat().st_mtime_ns
    moved = tmp_path / "opt/portal/docs/activities/images/photo.jpg"  # another folder, a new file time
    moved.parent.mkdir(parents=True)
    moved.write_bytes(here.read_bytes())
    assert photos.web_copy(moved, cache) == made and made.stat().st_mtime_ns == stamp
    assert len(list(cache.iterdir())) == 1
