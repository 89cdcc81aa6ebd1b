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
from .listings import Activity, Lecture
from .markdown_text import first_paragraph
from .problems import shortened
from .sections import MANUALS_DIR, is_markdown

SLIDES = ("morning", "question", "activities", "knowledge", "lecture")
DEFAULTS = {"interval": 20, "answer_delay": 10, "poll": 300, "activities": 3, "slides": list(SLIDES)}
CARD_LENGTH = 110


def kiosk_settings(raw: dict | None) -> tuple[dict, list[tuple[str, str]]]:
    """The kiosk part of the settings file with defaults filled in; (key, Chinese message) for bad values."""
    raw = raw or {}
    settings = dict(DEFAULTS)
    problems = []
    for key in ("interval", "answer_delay", "poll", "activities"):
        if key in raw:
            value = raw[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append((key, f"kiosk 的 {key} 应该是一个正整数（秒或条数），现在是“{shortened(value)}”。"))
            else:
                settings[key] = value
    if "slides" in raw:
        slides = raw["slides"]
        unknown = [s for s in slides if s not in SLIDES] if isinstance(slides, list) else [slides]
        if unknown or not slides:
            problems.append(("slides", f"kiosk 的 slides 只能从这些里选：{'、'.join(SLIDES)}；"
                                       f"不认识：{shortened('、'.join(map(shortened, unknown))) or '（空）'}。"))
        else:
            settings["slides"] = list(slides)
    for key in raw:
        if key not in DEFAULTS:
            problems.append((key, f"kiosk 里不认识“{shortened(key)}”。可用的设置：{'、'.join(DEFAULTS)}。"))
    return settings, problems


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
                cards.append({"manual": manual, "title": str((doc.meta or {}).get("title", chapter.stem)), "text": text})
    return cards


def build_stamp(generated: dt.datetime, *contents: str) -> dict:
    """What the kiosk polls: a new build has a new id."""
    digest = hashlib.sha256("".join(contents).encode("utf-8")).hexdigest()[:12]
    return {"build": f"{generated.strftime('%Y%m%d%H%M%S')}-{digest}", "generated": generated.isoformat(timespec="seconds")}


def page_config(settings: dict, build: str) -> str:
    """The settings and build id embedded in the kiosk page, safe inside a <script> element."""
    return json.dumps({**settings, "build": build}, ensure_ascii=False).replace("</", "<\\/")
