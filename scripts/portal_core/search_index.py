"""The portal's search index: Chinese found inside words, fetched in small pieces.

Chinese text is indexed by its single characters and overlapping character pairs (as
Lucene's CJK analyzer does), so 安全 finds 食品安全 without a dictionary in the browser.
Postings are split into shards by a hash of the term, so a query downloads only the few
shards its terms live in; document metadata and texts come in blocks and single files,
fetched for the results on screen only. Nothing is loaded before someone searches, and
nothing a page loads grows with the archive.

Layout under site/search/ (read by docs/assets/javascripts/portal-search.js):
    manifest.json        {"docs": N, "shards": S, "block": B}
    t/<shard>.json       {term: [doc delta, weight, flags, doc delta, weight, flags, ...]}
    d/<block>.json       [[url, title, section, date], ...] for docs block*B .. block*B+B-1
    x/<doc>.txt          the plain text of one document, for snippets
"""

from __future__ import annotations

import json
import math
from array import array
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

SECTIONS = {"manuals/": 1, "lectures/": 2, "activities/": 3, "morning/": 4}  # 0: other pages
BLOCK = 64
SHARD_TARGET_BYTES = 24_000
TEXT_LIMIT = 4000
TITLE_FLAG = 1
K1, B = 1.2, 0.75

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]{2,}")


def terms(text: str) -> Counter:
    """Single Chinese characters, pairs of neighbours, and Latin words or numbers."""
    text = unicodedata.normalize("NFKC", text).lower()
    found: Counter = Counter()
    for run in _HAN_RUN.findall(text):
        found.update(run)
        found.update(run[i:i + 2] for i in range(len(run) - 1))
    found.update(_WORD.findall(text))
    return found


def term_count(text: str) -> int:
    """How many terms `terms(text)` yields, without counting them one by one."""
    text = unicodedata.normalize("NFKC", text).lower()
    return sum(2 * len(run) - 1 for run in _HAN_RUN.findall(text)) + len(_WORD.findall(text))


def shard_of(term: str, shards: int) -> int:
    """FNV-1a over UTF-16 code units: the same number portal-search.js computes."""
    data = term.encode("utf-16-le")
    value = 0x811C9DC5
    for i in range(0, len(data), 2):
        value = ((value ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return value % shards


@dataclass(frozen=True)
class SearchDoc:
    url: str  # relative to the site root, e.g. "manuals/integrity/"
    title: str
    text: str
    date: str = ""  # YYYY-MM-DD for dated pages
    boost: float = 1.0

    @property
    def section(self) -> int:
        return next((code for prefix, code in SECTIONS.items() if self.url.startswith(prefix)), 0)


class _TextOfPage(HTMLParser):
    """The visible text of rendered page content, without what is marked data-search-exclude."""

    SKIP = {"script", "style", "svg", "button"}
    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "area", "col", "embed"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[bool] = []  # per open element: is it skipped?

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        skipped = (self.stack and self.stack[-1]) or tag in self.SKIP or any(
            name == "data-search-exclude" or (name == "class" and value and "headerlink" in value)
            for name, value in attrs
        )
        self.stack.append(bool(skipped))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()
        self.parts.append(" ")

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def text_of_html(html: str) -> str:
    parser = _TextOfPage()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


class SearchIndex:
    def __init__(self):
        self.docs: list[SearchDoc] = []

    def add(self, doc: SearchDoc) -> None:
        self.docs.append(doc)

    def build(self) -> dict[str, str]:
        """Every file of the index, by its path under search/."""
        docs = sorted(self.docs, key=lambda doc: doc.url)
        average = sum(term_count(doc.text) for doc in docs) / max(1, len(docs))
        postings: dict[str, array] = {}  # compact: millions of numbers at archive scale
        for number, doc in enumerate(docs):
            body, title = terms(doc.text), terms(doc.title)
            norm = K1 * (1 - B + B * sum(body.values()) / max(1.0, average))
            section = doc.section << 1
            for term in body.keys() | title.keys():
                frequency = body.get(term, 0) + 3 * title.get(term, 0)
                weight = max(1, min(255, round(frequency * (K1 + 1) / (frequency + norm) * 40 * doc.boost)))
                values = postings.get(term)
                if values is None:
                    values = postings[term] = array("I")
                values.extend((number, weight, section | (TITLE_FLAG if term in title else 0)))

        total = sum(len(values) * 4 for values in postings.values())
        shards = 1 << max(4, math.ceil(math.log2(max(1, total / SHARD_TARGET_BYTES))))
        sharded: list[dict[str, list[int]]] = [{} for _ in range(shards)]
        for term, values in postings.items():
            deltas = values.tolist()
            deltas[3::3] = [now - before for now, before in zip(values[3::3], values[0:-3:3])]
            sharded[shard_of(term, shards)][term] = deltas

        files = {"manifest.json": _json({"docs": len(docs), "shards": shards, "block": BLOCK})}
        for number, shard in enumerate(sharded):
            files[f"t/{number}.json"] = _json(shard)
        for start in range(0, len(docs), BLOCK):
            block = [[doc.url, doc.title, doc.section, doc.date] for doc in docs[start:start + BLOCK]]
            files[f"d/{start // BLOCK}.json"] = _json(block)
        for number, doc in enumerate(docs):
            files[f"x/{number}.txt"] = doc.text[:TEXT_LIMIT]
        return files

    def write(self, site_dir: Path) -> int:
        root = site_dir / "search"
        for sub in ("t", "d", "x"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        files = self.build()
        for name, content in files.items():
            (root / name).write_text(content, encoding="utf-8")
        return len(files)


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
