"""The portal's search index: Chinese found inside words, fetched in small pieces.

Chinese text is indexed by overlapping character pairs (as Lucene's CJK analyzer does), and
titles by their single characters too, so 安全 finds 食品安全 without a dictionary in the browser.
Postings are split into shards by a hash of the term, so a query downloads only the few
shards its terms live in; document metadata and texts come in blocks and single files,
fetched for the results on screen only. Nothing is loaded before someone searches, and
nothing a page loads grows with the archive.

Layout under site/search/ (read by overrides/assets/javascripts/portal-search.js):
    manifest.json        {"docs": N, "shards": S, "block": B, "texts": T, "version": V}
    t/<shard>.json       {term: [doc, weight, flags, doc, weight, flags, ...]}
    d/<block>.json       [[url, title, section, date], ...] for docs block*B .. block*B+B-1
    x/<block>.json       [text, ...]: plain texts for snippets, TEXT_BLOCK documents a file
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import re
from array import array
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from operator import add
from pathlib import Path
from queue import Empty

from .sections import search_code

BLOCK = 64
TEXT_BLOCK = 8  # texts are larger: small blocks keep a search's download small
SHARD_TARGET_BYTES = 24_000
TEXT_LIMIT = 4000
TITLE_FLAG = 1
PARENT_CHECK_SECONDS = 1.0
K1, B = 1.2, 0.75
TYPICAL_LENGTH = 600  # terms in a typical page: a 晨学 item has about 550

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9]{2,}")


# Full-width Latin letters, digits and the ideographic space, as their ASCII twins.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normal(text: str) -> str:
    """What terms are made of: lower case, full-width forms folded (the query side uses NFKC)."""
    return text.translate(_FULL_WIDTH).lower()


def terms(text: str, characters: bool = True) -> Counter:
    """Pairs of neighbouring Chinese characters, Latin words and numbers; single characters too
    unless `characters` is False (the body of a page: pairs already find every word of two
    characters or more, and single characters would double the index). `text` is normal()."""
    found: Counter = Counter()
    for run in _HAN_RUN.findall(text):
        if characters or len(run) == 1:
            found.update(run)
        found.update(map(add, run, run[1:]))
    found.update(_WORD.findall(text))
    return found


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
        return search_code(self.url)


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
    """Documents are tokenized as they are added, so a build can feed it page by page."""

    def __init__(self):
        self.docs: list[SearchDoc] = []
        self.postings: dict[str, array] = {}  # compact: millions of numbers at archive scale

    def add(self, doc: SearchDoc) -> None:
        number = len(self.docs)
        self.docs.append(doc)
        body, title = terms(normal(doc.text), characters=False), terms(normal(doc.title))
        # BM25 against a typical page rather than the corpus average, which is only known at the end.
        norm = K1 * (1 - B + B * sum(body.values()) / TYPICAL_LENGTH)
        weights = [max(1, min(255, round(f * (K1 + 1) / (f + norm) * 40 * doc.boost))) for f in range(16)]
        section = doc.section << 1
        for term, count in title.items():
            body[term] += 3 * count  # a word of the title counts as three in the text
        for term, frequency in body.items():
            values = self.postings.get(term)
            if values is None:
                values = self.postings[term] = array("I")
            values.extend((number, weights[min(frequency, 15)], section | (TITLE_FLAG if term in title else 0)))

    def build(self) -> dict[str, str]:
        """Every file of the index, by its path under search/."""
        docs, postings = self.docs, self.postings
        total = sum(len(values) * 4 for values in postings.values())
        shards = 1 << max(4, math.ceil(math.log2(max(1, total / SHARD_TARGET_BYTES))))
        sharded: list[dict[str, list[int]]] = [{} for _ in range(shards)]
        for term, values in postings.items():
            sharded[shard_of(term, shards)][term] = values.tolist()

        files = {}
        for number, shard in enumerate(sharded):
            files[f"t/{number}.json"] = _json(shard)
        for start in range(0, len(docs), BLOCK):
            block = [[doc.url, doc.title, doc.section, doc.date] for doc in docs[start:start + BLOCK]]
            files[f"d/{start // BLOCK}.json"] = _json(block)
        for start in range(0, len(docs), TEXT_BLOCK):
            texts = [doc.text[:TEXT_LIMIT] for doc in docs[start:start + TEXT_BLOCK]]
            files[f"x/{start // TEXT_BLOCK}.json"] = _json(texts)
        # The browser asks for every other file with ?v=<version>: a new index is never mixed with an old one.
        version = hashlib.sha256("".join(files[name] for name in sorted(files)).encode("utf-8")).hexdigest()[:12]
        files["manifest.json"] = _json({"docs": len(docs), "shards": shards, "block": BLOCK, "texts": TEXT_BLOCK,
                                        "version": version})
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


WORKER_NAME = "portal-search-index"


class BackgroundIndexer:
    """Builds the index in a second process while MkDocs renders pages in this one.

    Pages are sent as they are rendered; `finish` waits until the index is written. Where
    fork is not available the same work is done in this process at `finish`.
    """

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            context = None
        self.local = SearchIndex() if context is None else None
        if context is not None:
            self.queue = context.Queue()
            self.process = context.Process(target=_index_pages, args=(self.queue, site_dir, os.getpid()), daemon=True,
                                           name=WORKER_NAME)
            self.process.start()

    def add(self, url: str, title: str, html: str, date: str) -> None:
        if self.local is not None:
            self.local.add(SearchDoc(url=url, title=title, text=text_of_html(html), date=date))
        else:
            self.queue.put((url, title, html, date))

    def finish(self) -> None:
        if self.local is not None:
            self.local.write(self.site_dir)
            return
        self.queue.put(None)
        self.process.join()
        if self.process.exitcode != 0:
            raise RuntimeError(f"search index process ended with {self.process.exitcode}")



def stop_workers() -> None:
    """Every index worker of this process stopped: a build failed, its index will not be written."""
    for child in multiprocessing.active_children():
        if child.name == WORKER_NAME:
            child.kill()
            child.join()


def _index_pages(queue, site_dir: Path, parent: int) -> None:
    index = SearchIndex()
    while True:
        try:
            page = queue.get(timeout=PARENT_CHECK_SECONDS)
        except Empty:
            if os.getppid() != parent:
                return  # the build was killed (kill -9 sends nothing): never outlive it
            continue
        if page is None:
            break
        url, title, html, date = page
        index.add(SearchDoc(url=url, title=title, text=text_of_html(html), date=date))
    index.write(site_dir)
