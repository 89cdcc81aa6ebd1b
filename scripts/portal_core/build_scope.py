"""Which 晨学 item pages a build renders: all of them, except in the preview.

A ten-year archive holds thousands of items; rebuilding all of them after every save would
keep an editor waiting half a minute. The preview renders the latest items, the ones edited
or opened since it started, and their neighbours, so the page an editor changed is the page
that will be published (same text, same links to the day before and after). The check of the
whole archive still runs before every preview build.
"""

from __future__ import annotations

from collections.abc import Iterable

from .morning import MorningArchive

LATEST_IN_PREVIEW = 5  # a working week
# The key of the loaded MkDocs configuration under which the preview hands the hook the items it
# wants (site_build.build_site sets it, the hook's on_config reads it): no state outside the build.
CONFIG_KEY = "portal_preview_items"


def around(archive: MorningArchive, wanted: Iterable[str], latest: int = LATEST_IN_PREVIEW) -> set[str]:
    """The latest items and the wanted ones, each with its neighbours, so every link between them holds."""
    chosen = {item.src for item in archive.items[-latest:]} if latest else set()
    for src in wanted:
        if item := archive.get(src):
            chosen.add(src)
            chosen.update(neighbour.src for neighbour in archive.neighbours(item) if neighbour)
    return chosen


def scoped(archive: MorningArchive, wanted: frozenset[str] | None) -> MorningArchive:
    """The archive a build publishes: the whole of it (wanted None), or the preview's part."""
    if wanted is None:
        return archive
    chosen = around(archive, wanted)
    return MorningArchive([item for item in archive.items if item.src in chosen], archive.topics)
