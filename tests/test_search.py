"""The search index: terms, shards, and what the built site holds."""

from __future__ import annotations

import json

from portal_core.search_index import SearchDoc, SearchIndex, normal, shard_of, terms, text_of_html


def test_chinese_is_indexed_by_pairs_and_titles_by_characters_too():
    text = normal("食品安全，Ｍａｒｋｅｔ 2026！党")
    found = terms(text)
    assert {"食品", "品安", "安全", "食", "全", "党", "market", "2026"} <= set(found)
    assert "，" not in found and "品安全" not in found
    body = terms(text, characters=False)
    assert set(body) == {"食品", "品安", "安全", "market", "2026", "党"}  # a lone character stays


def test_text_of_html_leaves_out_what_search_must_not_see():
    html = (
        '<div class="morning-facts" data-search-exclude="true">2026年11月27日</div>'
        '<h2 id="x">标题<a class="headerlink" href="#x">¶</a></h2><p>正文<br>第二行</p>'
        "<script>var a = 1;</script><nav class=\"morning-pager\" data-search-exclude>上一条</nav>"
    )
    assert text_of_html(html) == "标题 正文第二行"


def test_shards_hash_utf16_code_units():
    # The same FNV-1a the browser computes with charCodeAt and Math.imul.
    assert shard_of("a", 1 << 32) == 0xE40C292C
    assert shard_of("安全", 64) == shard_of("安全", 1 << 32) % 64


def test_index_files_and_postings():
    index = SearchIndex()
    index.add(SearchDoc(url="manuals/food/", title="食品安全", text="食品安全是底线。"))
    index.add(SearchDoc(url="morning/2026/2026-11-27/", title="年末廉洁", text="守好廉洁关口，安全过节。",
                        date="2026-11-27"))
    files = index.build()
    manifest = json.loads(files["manifest.json"])
    version = manifest.pop("version")
    assert manifest == {"docs": 2, "shards": 16, "block": 64, "texts": 8}
    assert len(version) == 12  # changes with any file of the index: the browser asks with ?v=<version>
    index.add(SearchDoc(url="lectures/x/", title="新", text="新的内容"))
    assert json.loads(index.build()["manifest.json"])["version"] != version
    shard = json.loads(files[f"t/{shard_of('安全', 16)}.json"])
    # doc 0 (manuals, title hit: flags 1 | 1 << 1), doc 1 (morning: 4 << 1)
    values = shard["安全"]
    assert values[0] == 0 and values[2] == 0b11
    assert values[3] == 1 and values[5] == 4 << 1
    assert values[1] > values[4]  # in the title and the text outweighs the text alone
    assert json.loads(files["d/0.json"]) == [["manuals/food/", "食品安全", 1, ""],
                                            ["morning/2026/2026-11-27/", "年末廉洁", 4, "2026-11-27"]]
    assert json.loads(files["x/0.json"]) == ["食品安全是底线。", "守好廉洁关口，安全过节。"]


def test_built_site_index_covers_pages_not_lists(site_dir):
    manifest = json.loads((site_dir / "search/manifest.json").read_text(encoding="utf-8"))
    rows = []
    for block in range(0, manifest["docs"], manifest["block"]):
        rows += json.loads((site_dir / f"search/d/{block // manifest['block']}.json").read_text(encoding="utf-8"))
    urls = {row[0] for row in rows}
    assert "manuals/integrity/01-discipline-rules/" in urls and "morning/2026/2026-11-27/" in urls
    for listing in ("", "tags/", "activities/", "lectures/", "morning/", "kiosk/", "morning/archive/2026/11/"):
        assert listing not in urls, listing
    assert not (site_dir / "search/search_index.json").exists()  # Material's whole-site index is gone
    number = [row[0] for row in rows].index("morning/2026/2026-11-27/")
    item = json.loads((site_dir / f"search/x/{number // 8}.json").read_text(encoding="utf-8"))[number % 8]
    assert item.startswith("十一月即将过去") and "上一条" not in item and "星期五" not in item
