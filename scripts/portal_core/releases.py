"""The live site as a folder of releases and one symbolic link, switched atomically.

    DIR/releases/20261128T024500Z-1a2b3c4/   a whole, verified build (its notes in .portal-release.json)
    DIR/releases/.partial-…/                 a build under way, or left by a killed one
    DIR/current -> releases/20261128T…       what the web server serves

A release folder gets its final name only once it is complete and verified, and `current` is
replaced with rename(2): readers see the old release or the new one, never a mix, whenever the
publish is stopped, killed or fails.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gzip
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
PARTIAL = ".partial-"
NOTES = ".portal-release.json"
LOCK = ".publish.lock"
KEEP = 10
# Text the web server sends compressed: a .gz written next to it saves nginx the work.
COMPRESSED_SUFFIXES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
COMPRESS_FROM = 1024


class Busy(Exception):
    """Another publish or rollback holds the lock."""


@dataclass(frozen=True)
class Release:
    name: str
    path: Path
    notes: dict
    live: bool


@contextmanager
def locked(target: Path) -> Iterator[None]:
    """One publish or rollback at a time; the kernel drops the lock of a killed process."""
    (target / RELEASES).mkdir(parents=True, exist_ok=True)
    with open(target / LOCK, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise Busy from error
        yield


def clean_leftovers(target: Path) -> list[str]:
    """Partial builds and link files left by a publish that was killed."""
    removed = []
    for leftover in sorted((target / RELEASES).glob(PARTIAL + "*")):
        shutil.rmtree(leftover, ignore_errors=True)
        removed.append(leftover.name)
    for link in target.glob(f".{CURRENT}-*"):
        link.unlink(missing_ok=True)
    return removed


def git_state(root: Path) -> tuple[str, bool]:
    """(short commit hash, whether the working tree has changes); ("nogit", False) outside git."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                                text=True, timeout=30, check=True).stdout.strip()
        changes = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True,
                                 text=True, timeout=60, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "nogit", False
    return commit or "nogit", bool(changes)


def new_name(target: Path, commit: str, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    name = f"{now:%Y%m%dT%H%M%SZ}-{commit}"
    number = 1
    while (target / RELEASES / name).exists():  # two publishes within one second
        number += 1
        name = f"{now:%Y%m%dT%H%M%SZ}-{commit}-{number}"
    return name


def partial_folder(target: Path, name: str) -> Path:
    return target / RELEASES / (PARTIAL + name)


def complete(target: Path, partial: Path, name: str, notes: dict) -> Path:
    """Notes written, then the folder renamed to its final name: a named release is a whole one."""
    (partial / NOTES).write_text(json.dumps(notes, ensure_ascii=False, indent=2), encoding="utf-8")
    final = target / RELEASES / name
    os.rename(partial, final)
    return final


def switch(target: Path, name: str) -> None:
    """Point `current` at a release in one rename: never missing, never half-switched."""
    current = target / CURRENT
    if current.exists() and not current.is_symlink():
        raise FileExistsError(current)
    temporary = target / f".{CURRENT}-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    os.symlink(f"{RELEASES}/{name}", temporary)
    os.replace(temporary, current)


def live(target: Path) -> str | None:
    current = target / CURRENT
    return Path(os.readlink(current)).name if current.is_symlink() else None


def live_notes(target: Path) -> dict:
    """The notes of the live release ({} when none is live or its notes cannot be read)."""
    name = live(target)
    return _notes(target / RELEASES / name) if name else {}


def _notes(release: Path) -> dict:
    """A release's .portal-release.json, {} when it is missing or malformed."""
    try:
        notes = json.loads((release / NOTES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return notes if isinstance(notes, dict) else {}


def listed(target: Path) -> list[Release]:
    """Every complete release, newest first."""
    live_name = live(target)
    found = []
    folder = target / RELEASES
    for path in sorted(folder.iterdir() if folder.is_dir() else (), reverse=True):
        if path.name.startswith(".") or not path.is_dir():
            continue
        found.append(Release(path.name, path, _notes(path), path.name == live_name))
    return found


def prune(target: Path, keep: int = KEEP) -> list[str]:
    """Remove the oldest releases beyond `keep`; the live one always stays."""
    removed = []
    for release in listed(target)[keep:]:
        if not release.live:
            shutil.rmtree(release.path)
            removed.append(release.name)
    return removed


def precompress(site: Path) -> int:
    """A .gz beside every text file where it pays, for nginx's gzip_static; the count written."""
    written = 0
    for root, _folders, names in os.walk(site):
        for name in names:
            path = Path(root) / name
            if not name.endswith(COMPRESSED_SUFFIXES) or path.stat().st_size < COMPRESS_FROM:
                continue
            data = path.read_bytes()
            packed = gzip.compress(data, compresslevel=9, mtime=0)
            if len(packed) < len(data) * 0.9:
                path.with_name(name + ".gz").write_bytes(packed)
                written += 1
    return written
