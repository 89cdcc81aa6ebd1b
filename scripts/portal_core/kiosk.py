"""The corridor kiosk (文化长廊): its settings and the data it shows besides the 晨学 index.

The kiosk page reads /morning/index.json for today's item, /kiosk/data.json for activities,
lectures and knowledge cards, and polls /kiosk/build.json to learn of a new build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from .content import Document
from .contract import question_limits
from .listings import Activity, Lecture
from .markdown_text import first_paragraph
from .sections import CHAPTER, MANUALS_DIR, MORNING_INDEX, kind_of

CARD_LENGTH = 110


def kiosk_data(
    activities: list[Activity], lectures: list[Lecture], documents: dict[str, Document], site_path: str,
    activities_count: int,
) -> dict:
    """Plain text and URLs only: the kiosk puts every string on screen with textContent.

    `activities` and `lectures` come newest first, as listings loads them; `documents` are the
    files as the check read them (the manuals' among them), by source below docs/."""
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
    return {"activities": activity_rows, "lectures": lecture_rows, "cards": knowledge_cards(documents)}


def knowledge_cards(documents: dict[str, Document]) -> list[dict]:
    """One card per manual chapter: the manual, the chapter and its opening thought."""
    cards = []
    manuals = sorted({src.split("/")[1] for src in documents if kind_of(src) is CHAPTER})
    for slug in manuals:
        folder = f"{MANUALS_DIR}/{slug}/"
        index = documents.get(folder + "index.md")
        manual = str(((index.meta if index else None) or {}).get("title", slug))
        chapters = sorted(src for src in documents if src.startswith(folder) and "/" not in src[len(folder):])
        for src in chapters:
            name = src[len(folder):]
            if name.rsplit(".", 1)[0] == "index":
                continue
            doc = documents[src]
            text = first_paragraph(doc.body, CARD_LENGTH)
            if text:
                title = str((doc.meta or {}).get("title", name.rsplit(".", 1)[0]))
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
    # The kiosk page is kiosk/index.html: the 晨学 index is one folder up.
    config = {**settings, "build": build, "morning": {**question_limits(), "index": "../" + MORNING_INDEX}}
    return json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
