"""晨学三分钟: the item model and the archive (by date, month, year, topic; previous/next)."""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from .contract import LETTERS
from .sections import MORNING_DIR

_ITEM_URL = re.compile(rf"{MORNING_DIR}/\d{{4}}/(\d{{4}}-\d{{2}}-\d{{2}})/")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")
HAN_PER_MINUTE = 300  # a steady reading pace for study material in Chinese


@dataclass(frozen=True)
class Question:
    prompt: str
    options: tuple[str, ...]
    answer: str  # the letter of the right option: A, B, ...
    explain: str = ""

    @property
    def answer_text(self) -> str:
        return self.options[LETTERS.index(self.answer)]

    def as_json(self) -> dict:
        data = {"prompt": self.prompt, "options": list(self.options), "answer": self.answer}
        if self.explain:
            data["explain"] = self.explain
        return data


@dataclass(frozen=True)
class MorningItem:
    src: str  # below docs/, e.g. "morning/2026/2026-11-27.md"
    date: dt.date
    title: str
    topic: str
    tags: tuple[str, ...]
    source: str
    summary: str
    question: Question | None
    han_count: int  # Chinese characters in the body
    latin_words: int

    @property
    def reading_minutes(self) -> int:
        """Chinese is read by characters, not words; a few Latin words count as characters."""
        return max(1, math.ceil((self.han_count + self.latin_words) / HAN_PER_MINUTE))

    @property
    def month(self) -> str:
        return f"{self.date.year:04d}-{self.date.month:02d}"


def count_text(body: str) -> tuple[int, int]:
    return len(_HAN.findall(body)), len(_LATIN_WORD.findall(body))


def item_src(day: dt.date) -> str:
    """Where the item of a day is written, below docs/: morning/2026/2026-12-01.md."""
    return f"{MORNING_DIR}/{day.year:04d}/{day.isoformat()}.md"


def item_url(day: dt.date) -> str:
    """Its page below the site root, as MkDocs makes it from item_src: morning/2026/2026-12-01/."""
    return item_src(day).removesuffix(".md") + "/"


def day_of_item_url(url: str) -> dt.date | None:
    """The day whose item_url this is (with or without the last slash), else None."""
    match = _ITEM_URL.fullmatch(url.strip("/") + "/")
    try:
        day = dt.date.fromisoformat(match[1]) if match else None
    except ValueError:
        return None
    return day if day and item_url(day) == url.strip("/") + "/" else None


class MorningArchive:
    """All items, sorted by date; every view the pages and the JSON need."""

    def __init__(self, items: list[MorningItem], topics: tuple[str, ...]):
        self.items = sorted(items, key=lambda item: item.date)
        self.topics = topics
        self._dates = [item.date for item in self.items]
        self._position = {item.src: index for index, item in enumerate(self.items)}

    def __len__(self) -> int:
        return len(self.items)

    def get(self, src: str) -> MorningItem | None:
        index = self._position.get(src)
        return None if index is None else self.items[index]

    def neighbours(self, item: MorningItem) -> tuple[MorningItem | None, MorningItem | None]:
        index = self._position[item.src]
        previous = self.items[index - 1] if index > 0 else None
        following = self.items[index + 1] if index + 1 < len(self.items) else None
        return previous, following

    def latest(self, count: int, until: dt.date) -> list[MorningItem]:
        """The newest items dated on or before `until`, newest first."""
        end = bisect.bisect_right(self._dates, until)
        return self.items[max(0, end - count):end][::-1]

    def on_or_before(self, day: dt.date) -> MorningItem | None:
        latest = self.latest(1, day)
        return latest[0] if latest else None

    @cached_property
    def by_month(self) -> dict[str, list[MorningItem]]:
        months: dict[str, list[MorningItem]] = {}
        for item in self.items:
            months.setdefault(item.month, []).append(item)
        return months

    @cached_property
    def years(self) -> list[int]:
        return sorted({item.date.year for item in self.items}, reverse=True)

    def months_of(self, year: int) -> list[str]:
        return [month for month in self.by_month if month.startswith(f"{year:04d}-")]

    @cached_property
    def by_topic(self) -> dict[str, list[MorningItem]]:
        topics: dict[str, list[MorningItem]] = {topic: [] for topic in self.topics}
        for item in self.items:
            topics.setdefault(item.topic, []).append(item)
        return topics

    def topic_years(self, topic: str) -> list[tuple[int, int]]:
        """(year, item count) for one topic, newest year first."""
        counts = Counter(item.date.year for item in self.by_topic.get(topic, []))
        return sorted(counts.items(), reverse=True)
