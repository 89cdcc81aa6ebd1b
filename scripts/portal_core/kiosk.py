"""The corridor kiosk (文化长廊): its settings and the data it shows besides the 晨学 index.

The kiosk page reads /morning/index.json for today's item, /kiosk/data.json for activities,
lectures and knowledge cards, and polls /kiosk/build.json to learn of a new build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from .content import read_document
from .contract import question_limits
from .listings import Activity, Lecture
from .markdown_text import first_paragraph
from .sections import MANUALS_DIR, is_markdown

CARD_LENGTH = 110


def kiosk_data(
    activities: list[Activity], lectures: list[Lecture], docs_dir: Path, site_path: str, activities_count: int
) -> dict:
    """Plain text and URLs only: the kiosk puts every string on screen with textContent.

    `activities` and `lectures` come newest first, as listings loads them."""
    activity_rows = [
        {
            "title": activity.title,
            "date": activity.date.isoformat(),
            "branch": activity.branch,
            "summary": activity.summary,
            "photo": site_path + activity.photo if activity.photo else None,
        }
        for activity in activities[:activities_count]
    ]
    lecture_rows = [
        {
            "title": lecture.title,
            "date": lecture.date.isoformat(),
            "speaker": lecture.speaker,
            "branch": lecture.branch,
            "kind": lecture.kind,
            "summary": lecture.summary,
        }
        for lecture in reversed(lectures)
    ]
    return {"activities": activity_rows, "lectures": lecture_rows, "cards": knowledge_cards(docs_dir)}


def knowledge_cards(docs_dir: Path) -> list[dict]:
    """One card per manual chapter: the manual, the chapter and its opening thought."""
    cards = []
    for manual_dir in sorted(p for p in (docs_dir / MANUALS_DIR).iterdir() if p.is_dir()):
        index, _ = read_document(manual_dir / "index.md")
        manual = str((index.meta or {}).get("title", manual_dir.name))
        for chapter in sorted(manual_dir.iterdir()):
            if not is_markdown(chapter.name) or chapter.stem == "index":
                continue
            doc, _ = read_document(chapter)
            text = first_paragraph(doc.body, CARD_LENGTH)
            if text:
                title = str((doc.meta or {}).get("title", chapter.stem))
                cards.append({"manual": manual, "title": title, "text": text})
    return cards


def build_stamp(generated: dt.datetime, *contents: str) -> dict:
    """What the kiosk polls: a new build has a new id."""
    digest = hashlib.sha256("".join(contents).encode("utf-8")).hexdigest()[:12]
    return {"build": f"{generated.strftime('%Y%m%d%H%M%S')}-{digest}",
            "generated": generated.isoformat(timespec="seconds")}


def page_config(settings: dict, build: str) -> str:
    """The settings, the build id and the shape of a 晨学 entry (contract.py) embedded in the kiosk
    page, safe inside a <script> element."""
    config = {**settings, "build": build, "morning": question_limits()}
    return json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
