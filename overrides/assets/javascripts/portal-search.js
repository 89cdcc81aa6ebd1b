// The portal's search, in Material's search box. Nothing is fetched until someone searches;
// then only the index shards of the query's terms (see scripts/portal_core/search_index.py),
// the metadata of the results shown and their texts for snippets.
// Every string from content reaches the page as text nodes, never as markup.
(function () {
  "use strict";

  var root = document.querySelector("[data-portal-search]");
  if (!root || !window.fetch) return;

  var TITLE_BONUS = 1.6;
  var SHOWN = 20;
  var SEPARATORS = /[\s,，。、；;：:！!？?“”"'‘’（）()《》〈〉【】\[\]{}<>·…—\-_/\\|]+/;
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var WORD = /[a-z0-9]{2,}/g;

  var base = new URL(root.getAttribute("data-portal-search"), window.location.href);
  var siteRoot = new URL("../", base);
  var toggle = document.getElementById("__search");
  var input = root.querySelector(".md-search__input");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var sectionButtons = root.querySelectorAll(".portal-search__section");
  // Section names come from the filter buttons (overrides/partials/search.html); 0 is any other page.
  // Each section's name and weight (manuals first, the daily items last) are written into the
  // search box by the template, from scripts/portal_core/sections.py; code 0 is every other page.
  var group = root.querySelector(".portal-search__sections");
  var SECTION_NAMES = [group.getAttribute("data-other-name")];
  var SECTION_WEIGHT = [Number(group.getAttribute("data-other-weight"))];
  sectionButtons.forEach(function (button) {
    var code = button.getAttribute("data-section");
    if (code) {
      SECTION_NAMES[Number(code)] = button.textContent.trim();
      SECTION_WEIGHT[Number(code)] = Number(button.getAttribute("data-weight"));
    }
  });

  var manifest = null;
  var cache = { shard: new Map(), block: new Map(), text: new Map() };
  var section = "";
  var latest = 0;

  // --- fetching pieces of the index ---------------------------------------------------------

  // The manifest is always revalidated; every other file is named with the manifest's version.
  function fetchJSON(path, info) {
    var url = new URL(path, base);
    if (info && info.version) url.searchParams.set("v", info.version);
    return fetch(url, info ? {} : { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error(path + " " + response.status);
      return response.json();
    });
  }

  function remember(map, key, load) {
    if (!map.has(key)) {
      var promise = load().catch(function (error) { map.delete(key); throw error; });
      map.set(key, promise);
    }
    return map.get(key);
  }

  function getManifest() {
    if (!manifest) manifest = fetchJSON("manifest.json").catch(function (e) { manifest = null; throw e; });
    return manifest;
  }

  function shardOf(term, shards) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) {
      hash = Math.imul(hash ^ term.charCodeAt(i), 0x01000193) >>> 0;
    }
    return hash % shards;
  }

  function getText(doc) {
    if (cache.text.size > 100) cache.text.clear();
    return getManifest().then(function (info) {
      var block = Math.floor(doc / info.texts);
      return remember(cache.text, block, function () { return fetchJSON("x/" + block + ".json", info); })
        .then(function (texts) { return texts[doc % info.texts] || ""; });
    }).catch(function () { return ""; });
  }

  // --- the query ------------------------------------------------------------------------------

  function parse(query) {
    var text = query.normalize("NFKC").toLowerCase();
    var segments = text.split(SEPARATORS).filter(Boolean);
    var terms = [];
    segments.forEach(function (segment) {
      (segment.match(HAN) || []).forEach(function (run) {
        if (run.length === 1) terms.push(run);
        for (var i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
      });
      (segment.match(WORD) || []).forEach(function (word) { terms.push(word); });
    });
    return { segments: segments, terms: Array.from(new Set(terms)) };
  }

  function score(info, shards) {
    var total = info.docs;
    var hits = new Map(); // doc -> {score, matched, section}
    shards.forEach(function (postings) {
      var df = postings.length / 3;
      var idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
      for (var i = 0; i < postings.length; i += 3) {
        var doc = postings[i];
        var flags = postings[i + 2];
        var hit = hits.get(doc) || { doc: doc, score: 0, matched: 0, section: flags >> 1 };
        hit.score += idf * postings[i + 1] * (flags & 1 ? TITLE_BONUS : 1);
        hit.matched += 1;
        hits.set(doc, hit);
      }
    });
    var wanted = shards.length;
    var all = Array.from(hits.values()).filter(function (hit) {
      return section === "" || String(hit.section) === section;
    });
    // Every term of the query, if any page has them all; otherwise the pages with the most.
    var best = all.reduce(function (max, hit) { return Math.max(max, hit.matched); }, 0);
    var kept = all.filter(function (hit) { return hit.matched === (best === wanted ? wanted : best); });
    kept.forEach(function (hit) { hit.score *= SECTION_WEIGHT[hit.section] || 1; });
    return kept.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  function search(query) {
    var parsed = parse(query);
    if (!parsed.terms.length) return Promise.resolve({ parsed: parsed, hits: [] });
    return getManifest().then(function (info) {
      return Promise.all(parsed.terms.map(function (term) {
        var number = shardOf(term, info.shards);
        return remember(cache.shard, number, function () { return fetchJSON("t/" + number + ".json", info); })
          .then(function (shard) { return shard[term] || []; });
      })).then(function (postings) {
        var hits = score(info, postings);
        var shown = hits.slice(0, SHOWN);
        var blocks = Array.from(new Set(shown.map(function (hit) { return Math.floor(hit.doc / info.block); })));
        return Promise.all(blocks.map(function (block) {
          return remember(cache.block, block, function () { return fetchJSON("d/" + block + ".json", info); });
        })).then(function (loaded) {
          var byBlock = new Map(blocks.map(function (block, i) { return [block, loaded[i]]; }));
          shown.forEach(function (hit) {
            var row = byBlock.get(Math.floor(hit.doc / info.block))[hit.doc % info.block];
            hit.url = row[0]; hit.title = row[1]; hit.date = row[3];
          });
          return { parsed: parsed, hits: hits, shown: shown };
        });
      });
    });
  }

  // --- showing results as text -----------------------------------------------------------------

  // The words searched for, as this text holds them: from each place in a typed word, the longest
  // run of it (two characters or more) that the text contains. 食品安全 in 食品药品安全 marks 食品
  // and 安全 — never 品安, a pair of the index that is no word.
  function pieces(segment, lower) {
    var found = [];
    var i = 0;
    while (i < segment.length) {
      var end = 0;
      for (var j = segment.length; j - i >= 2; j--) {
        if (lower.indexOf(segment.slice(i, j)) >= 0) { end = j; break; }
      }
      if (end) { found.push(segment.slice(i, end)); i = end; } else { i += 1; }
    }
    if (!found.length && segment.length === 1 && lower.indexOf(segment) >= 0) found.push(segment);
    return found;
  }

  function highlighter(parsed, text) {
    var lower = text.normalize("NFKC").toLowerCase();
    var words = [];
    parsed.segments.forEach(function (segment) { words = words.concat(pieces(segment, lower)); });
    words.sort(function (a, b) { return b.length - a.length; });
    var escaped = words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    return escaped.length ? new RegExp("(" + escaped.join("|") + ")", "gi") : null;
  }

  function marked(text, pattern) {
    var fragment = document.createDocumentFragment();
    if (!pattern) { fragment.appendChild(document.createTextNode(text)); return fragment; }
    var last = 0;
    text.replace(pattern, function (match, _group, offset) {
      if (offset > last) fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      var mark = document.createElement("mark");
      mark.textContent = match;
      fragment.appendChild(mark);
      last = offset + match.length;
      return match;
    });
    if (last < text.length) fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function snippet(text, pattern) {
    var found = null;
    if (pattern) {
      pattern.lastIndex = 0;
      found = pattern.exec(text);
      pattern.lastIndex = 0;
    }
    var at = found ? found.index : 0;
    var start = Math.max(0, at - 30);
    var piece = text.slice(start, start + 110);
    return (start > 0 ? "…" : "") + piece + (start + 110 < text.length ? "…" : "");
  }

  function chineseDate(iso) {
    var p = iso.split("-").map(Number);
    return p[0] + "年" + p[1] + "月" + p[2] + "日";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function render(result, query) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var count = result.hits.length;
    meta.textContent = count === 0 ? "没有找到符合条件的结果" : count === 1 ? "找到 1 个符合条件的结果" : count + " 个符合条件的结果";
    (result.shown || []).forEach(function (hit) {
      var item = element("li", "md-search-result__item");
      var link = element("a", "md-search-result__link");
      link.href = new URL(hit.url, siteRoot).href;
      link.tabIndex = -1;
      var article = element("article", "md-search-result__article md-typeset");
      var facts = element("div", "portal-search__facts");
      facts.appendChild(element("span", "portal-search__badge portal-search__badge--" + hit.section, SECTION_NAMES[hit.section]));
      if (hit.date) facts.appendChild(element("span", "portal-search__date", chineseDate(hit.date)));
      article.appendChild(facts);
      var title = element("h1");
      title.appendChild(marked(hit.title, highlighter(result.parsed, hit.title)));
      article.appendChild(title);
      var text = element("p", "portal-search__snippet");
      article.appendChild(text);
      link.appendChild(article);
      item.appendChild(link);
      list.appendChild(item);
      getText(hit.doc).then(function (body) {
        if (input.value !== query || !body) return;
        var pattern = highlighter(result.parsed, body);
        text.appendChild(marked(snippet(body, pattern), pattern));
      });
    });
  }

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) {
      while (list.firstChild) list.removeChild(list.firstChild);
      meta.textContent = "键入以开始搜索";
      return;
    }
    performance.mark("portal-search:" + ticket);
    search(query).then(function (result) {
      if (ticket !== latest) return; // a newer query is on its way
      render(result, input.value);
      performance.measure("portal-search", "portal-search:" + ticket);
    }).catch(function () {
      if (ticket === latest) meta.textContent = "搜索暂时不可用，请稍后再试";
    });
  }

  // --- Material's look and keys ------------------------------------------------------------------

  function open() {
    toggle.checked = true;
    input.focus();
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  input.addEventListener("focus", function () { toggle.checked = true; });
  input.addEventListener("input", function (event) { if (!event.isComposing) run(); });
  input.addEventListener("compositionend", run);
  root.querySelector(".md-search__form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) window.location.href = first.href;
  });
  root.querySelector("button[type=reset]").addEventListener("click", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  sectionButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      section = button.getAttribute("data-section");
      sectionButtons.forEach(function (other) {
        other.classList.toggle("portal-search__section--on", other === button);
      });
      run();
      input.focus();
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!toggle.checked) {
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
      }
      return;
    }
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return;
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = at === -1 ? (step > 0 ? 0 : all.length - 1) : at + step;
      if (next < 0 || next >= all.length) input.focus(); else all[next].focus();
    } else if (at !== -1 && event.key.length === 1) {
      input.focus(); // typing on a result goes on into the box
    }
  });
})();
