// The corridor screen (文化长廊). Runs for weeks untouched, so:
// - "today" is computed here, in Asia/Shanghai, from /morning/index.json (no nightly rebuild);
// - every string from content goes on screen with textContent, never as markup;
// - every fetch is checked for its shape, not only its status: a failed or malformed answer
//   keeps the last good content, and with nothing loaded yet a calm placeholder is shown;
// - the page reloads only when a well-formed build stamp names another build and the page
//   itself answers;
// - a fixed set of timers and one slide in the DOM at a time: nothing grows over weeks.
(function () {
  "use strict";

  var dates = window.PortalToday;
  var SHIFTS = [[0, 0], [5, 0], [5, 5], [0, 5], [-5, 5], [-5, 0], [-5, -5], [0, -5], [5, -5]];
  var SHIFT_EVERY = 60 * 1000;
  var SENTENCE_END = /([。！？；])/;

  var stage = document.getElementById("kiosk-stage");
  var clock = document.getElementById("kiosk-clock");
  var dots = document.getElementById("kiosk-dots");
  var status = document.getElementById("kiosk-status");
  var config = readConfig();

  var state = {
    index: null,      // /morning/index.json
    data: null,       // /kiosk/data.json
    today: null,
    slides: [],
    position: -1,
    cycle: 0,
    itemText: { url: null, paragraphs: null },
    slideTimer: null,
    revealTimer: null,
    shift: 0
  };

  // --- settings --------------------------------------------------------------------------

  function readConfig() {
    var settings = JSON.parse(document.getElementById("kiosk-config").textContent);
    var query = new URLSearchParams(window.location.search);
    var number = function (name, minimum) {
      var value = parseInt(query.get(name), 10);
      return isNaN(value) ? null : Math.max(minimum, value);
    };
    settings.interval = number("interval", 2) || settings.interval;
    settings.answer_delay = number("delay", 1) || settings.answer_delay;
    settings.poll = number("poll", 5) || settings.poll;
    if (/^\d{4}-\d{2}-\d{2}$/.test(query.get("date") || "")) settings.date = query.get("date");
    if (query.get("slides")) settings.slides = query.get("slides").split(",");
    return settings;
  }

  // --- dates in Asia/Shanghai (portal-today.js) -------------------------------------------

  function today() {
    return config.date || dates.now().date;
  }

  var chineseDate = dates.chineseDate;

  function tickClock() {
    clock.textContent = chineseDate(today(), true) + " " + dates.now().time;
  }

  // --- data ---------------------------------------------------------------------------------

  function fetchJSON(url) {
    return fetch(url, { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error(url + " " + response.status);
      return response.json();
    });
  }

  // --- the shape of what the server sends ----------------------------------------------------
  // Anything else (an error page, an empty object, half a file) is treated as not loaded.

  function isText(value) { return typeof value === "string"; }
  function isDay(value) { return isText(value) && /^\d{4}-\d{2}-\d{2}$/.test(value); }
  function list(value, keep) { return Array.isArray(value) ? value.filter(keep) : null; }
  function hasTexts(object, names) {
    return object !== null && typeof object === "object" && names.every(function (name) { return isText(object[name]); });
  }

  // The limits come from the build (contract.py), in the page config: config.morning.
  function letterOf(q) { return q.answer.length === 1 ? config.morning.letters.indexOf(q.answer) : -1; }

  function validQuestion(q) {
    var shape = config.morning;
    return hasTexts(q, ["prompt", "answer"]) && Array.isArray(q.options) && q.options.length >= shape.min_options &&
      q.options.length <= shape.max_options && q.options.every(isText) && letterOf(q) >= 0 &&
      letterOf(q) < q.options.length && (q.explain === undefined || isText(q.explain));
  }

  function validIndex(index) {
    var texts = config.morning.index_keys.filter(function (name) { return name !== "date" && name !== "tags"; });
    var items = index && list(index.items, function (item) {
      return hasTexts(item, texts) && isDay(item.date);
    });
    if (!items) return null;
    items.forEach(function (item) { if (item.question !== undefined && !validQuestion(item.question)) delete item.question; });
    items.sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
    return { items: items };
  }

  function validData(data) {
    if (!data || typeof data !== "object") return null;
    var activities = list(data.activities, function (a) {
      return hasTexts(a, ["title", "branch", "summary"]) && isDay(a.date) && (a.photo === null || isText(a.photo));
    });
    var lectures = list(data.lectures, function (l) {
      return hasTexts(l, ["title", "speaker", "branch", "kind", "summary"]) && isDay(l.date);
    });
    var cards = list(data.cards, function (c) { return hasTexts(c, ["manual", "title", "text"]); });
    return activities && lectures && cards ? { activities: activities, lectures: lectures, cards: cards } : null;
  }

  function validStamp(stamp) {
    return stamp !== null && typeof stamp === "object" && isText(stamp.build) && /^[\w.-]{6,80}$/.test(stamp.build);
  }

  function setOnline(online) {
    var loaded = state.index || state.data;
    status.textContent = online ? "" : loaded ? "● 暂时连不上服务器，正在显示已载入的内容" : "● 暂时连不上服务器，稍后自动重试";
    status.className = "kiosk-status" + (online ? "" : " kiosk-status--offline");
  }

  // Each file on its own: what loads well replaces what was there, what fails leaves it.
  function loadData() {
    var answered = false;
    var load = function (url, valid, key) {
      return fetchJSON(url).then(function (json) {
        answered = true;
        var good = valid(json);
        if (good) state[key] = good;
      }, function () { /* keep the last good content */ });
    };
    return Promise.all([load(config.morning.index, validIndex, "index"), load("data.json", validData, "data")])
      .then(function () { setOnline(answered); });
  }

  // The item's own page holds its text; only the paragraphs' text is taken from it.
  function loadItemText(item) {
    if (state.itemText.url === item.url) return Promise.resolve(state.itemText.paragraphs);
    return fetch(item.url, { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error(item.url + " " + response.status);
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      // Only the item's own page carries its date; a proxy's error page ("502 Bad Gateway") does not.
      var facts = page.querySelector(".morning-facts[data-morning-date]");
      if (!facts || facts.getAttribute("data-morning-date") !== item.date) throw new Error("not the item's page");
      var article = facts.closest("article");
      if (!article) throw new Error("not the item's page");
      var paragraphs = [];
      article.querySelectorAll("p, li").forEach(function (node) {
        if (node.closest(".morning-facts, .morning-question, .morning-pager, .morning-source, nav, footer")) return;
        if (node.tagName === "P" && node.closest("li")) return;
        var text = node.textContent.replace(/\s+/g, " ").trim();
        if (text) paragraphs.push(text);
      });
      state.itemText = { url: item.url, paragraphs: paragraphs };
      return paragraphs;
    }).catch(function () {
      return null; // the summary will do
    });
  }

  function pickLecture(lectures, day) {
    // A coming lecture within two weeks first, else the most recent one.
    var limit = new Date(day + "T00:00:00Z");
    limit.setUTCDate(limit.getUTCDate() + 14);
    var soon = lectures.filter(function (l) { return l.date >= day && l.date <= limit.toISOString().slice(0, 10); });
    if (soon.length) return { lecture: soon[0], label: "即将开讲" };
    var past = lectures.filter(function (l) { return l.date < day; });
    return past.length ? { lecture: past[past.length - 1], label: "近期党课" } : null;
  }

  // --- building slides with text only ------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function slide(kind, label, meta) {
    var section = el("section", "kiosk-slide kiosk-slide--" + kind);
    var head = el("div", "kiosk-slide__head");
    head.appendChild(el("span", "kiosk-label", label));
    if (meta) head.appendChild(el("span", "kiosk-meta", meta));
    section.appendChild(head);
    return section;
  }

  function morningSlide(item, label, paragraphs, page, pages) {
    var section = slide("morning", label, chineseDate(item.date, true) + " · " + item.topic);
    section.appendChild(el("h1", "kiosk-title", item.title));
    var body = el("div", "kiosk-body kiosk-text");
    paragraphs.forEach(function (text) { body.appendChild(el("p", null, text)); });
    section.appendChild(body);
    if (pages > 1) section.appendChild(el("div", "kiosk-page", page + " / " + pages));
    return section;
  }

  function questionSlide(item) {
    var q = item.question;
    var section = slide("question", "每日一题", chineseDate(item.date, true) + " · " + item.title);
    section.appendChild(el("h1", "kiosk-title kiosk-question", q.prompt));
    var list = el("ol", "kiosk-options");
    q.options.forEach(function (option, i) {
      var letter = config.morning.letters.charAt(i);
      var row = el("li", "kiosk-option" + (letter === q.answer ? " kiosk-option--right" : ""));
      row.appendChild(el("span", "kiosk-letter", letter));
      row.appendChild(el("span", null, option));
      list.appendChild(row);
    });
    section.appendChild(list);
    var answer = el("div", "kiosk-answer");
    answer.appendChild(el("p", "kiosk-answer__right", "正确答案：" + q.answer + "　" + q.options[letterOf(q)]));
    if (q.explain) answer.appendChild(el("p", "kiosk-answer__explain", q.explain));
    section.appendChild(answer);
    section.appendChild(el("p", "kiosk-hint", "想一想，稍后揭晓答案"));
    section.reveal = function () { section.classList.add("kiosk-slide--revealed"); };
    return section;
  }

  function activitySlide(activity) {
    var section = slide("activity", "支部活动", chineseDate(activity.date) + " · " + activity.branch);
    var body = el("div", "kiosk-activity");
    if (activity.photo) {
      var photo = el("img", "kiosk-photo");
      photo.alt = "";
      photo.src = activity.photo;
      body.appendChild(photo);
    }
    var words = el("div", "kiosk-activity__words");
    words.appendChild(el("h1", "kiosk-title", activity.title));
    words.appendChild(el("p", "kiosk-text", activity.summary));
    body.appendChild(words);
    section.appendChild(body);
    return section;
  }

  function cardSlide(card) {
    var section = slide("card", "知识卡片", card.manual);
    section.appendChild(el("h1", "kiosk-title", card.title));
    section.appendChild(el("p", "kiosk-text kiosk-card", card.text));
    return section;
  }

  function lectureSlide(choice) {
    var l = choice.lecture;
    var section = slide("lecture", choice.label, l.kind + " · " + chineseDate(l.date));
    section.appendChild(el("h1", "kiosk-title", l.title));
    section.appendChild(el("p", "kiosk-text kiosk-speaker", "主讲：" + l.speaker + "　" + l.branch));
    section.appendChild(el("p", "kiosk-text", l.summary));
    return section;
  }

  // Split the item's text into pages that fit the stage at reading size.
  function paginate(item, label, paragraphs) {
    var pieces = paragraphs.slice();
    var pages = [];
    var current = [];
    var probe = null;
    var fits = function (list) {
      if (probe) stage.removeChild(probe);
      probe = morningSlide(item, label, list, 1, 2);
      probe.classList.add("kiosk-slide--probe");
      stage.appendChild(probe);
      var body = probe.querySelector(".kiosk-body");
      return body.scrollHeight <= body.clientHeight + 1;
    };
    while (pieces.length) {
      var next = pieces.shift();
      if (fits(current.concat([next]))) {
        current.push(next);
      } else if (current.length) {
        pages.push(current);
        current = [];
        pieces.unshift(next);
      } else {
        // One paragraph taller than the screen: page through its sentences.
        var sentences = next.split(SENTENCE_END).reduce(function (acc, part, i) {
          if (i % 2) acc[acc.length - 1] += part; else if (part) acc.push(part);
          return acc;
        }, []);
        if (sentences.length < 2) { pages.push([next]); continue; }
        var half = Math.ceil(sentences.length / 2);
        pieces.unshift(sentences.slice(0, half).join(""), sentences.slice(half).join(""));
      }
    }
    if (current.length) pages.push(current);
    if (probe) stage.removeChild(probe);
    return pages;
  }

  // Nothing could be loaded yet (the server away at start): a calm slide, never "loading" forever.
  function placeholderSlide() {
    var section = slide("morning", "晨学三分钟", chineseDate(today(), true));
    section.appendChild(el("h1", "kiosk-title", "每天三分钟，学习不间断"));
    var body = el("div", "kiosk-body kiosk-text");
    body.appendChild(el("p", null, "今天的学习内容稍后呈现，请稍候。"));
    section.appendChild(body);
    return section;
  }

  function buildSlides(paragraphs) {
    var slides = [];
    var day = state.today;
    var item = state.index ? dates.pick(state.index.items, day) : null;
    var label = item && item.date === day ? "今日晨学" : "最近一期晨学";
    var data = state.data || { activities: [], cards: [], lectures: [] };
    if (!item && config.slides.indexOf("morning") >= 0) slides.push(placeholderSlide);
    config.slides.forEach(function (kind) {
      if (kind === "morning" && item) {
        var pages = paginate(item, label, paragraphs && paragraphs.length ? paragraphs : [item.summary]);
        pages.forEach(function (page, i) {
          slides.push(function () { return morningSlide(item, label, page, i + 1, pages.length); });
        });
      } else if (kind === "question" && item && item.question) {
        slides.push(function () { return questionSlide(item); });
      } else if (kind === "activities") {
        data.activities.forEach(function (activity) {
          slides.push(function () { return activitySlide(activity); });
        });
      } else if (kind === "knowledge" && data.cards.length) {
        var card = data.cards[(dayNumber(day) + state.cycle) % data.cards.length];
        slides.push(function () { return cardSlide(card); });
      } else if (kind === "lecture") {
        var choice = pickLecture(data.lectures, day);
        if (choice) slides.push(function () { return lectureSlide(choice); });
      }
    });
    return slides;
  }

  function dayNumber(iso) {
    return Math.floor(Date.parse(iso + "T00:00:00Z") / 86400000);
  }

  // --- rotation ------------------------------------------------------------------------------

  function show(section) {
    while (stage.firstChild) stage.removeChild(stage.firstChild);
    stage.appendChild(section);
    clearTimeout(state.revealTimer);
    if (section.reveal) state.revealTimer = setTimeout(section.reveal, config.answer_delay * 1000);
  }

  function drawDots() {
    while (dots.firstChild) dots.removeChild(dots.firstChild);
    for (var i = 0; i < state.slides.length; i++) {
      dots.appendChild(el("span", "kiosk-dot" + (i === state.position ? " kiosk-dot--on" : "")));
    }
  }

  function startCycle() {
    state.today = today();
    // Whatever could not be loaded before is asked for again at the start of every cycle.
    var loaded = state.index && state.data ? Promise.resolve() : loadData();
    return loaded.then(function () {
      var item = state.index ? dates.pick(state.index.items, state.today) : null;
      return item ? loadItemText(item) : null;
    }).then(function (paragraphs) {
      state.slides = buildSlides(paragraphs);
      if (!state.slides.length) state.slides = [placeholderSlide];
      state.position = -1;
    });
  }

  function next() {
    clearTimeout(state.slideTimer);
    var step;
    // A new cycle after the last slide, or at once when the date has turned (midnight).
    if (state.position + 1 >= state.slides.length || today() !== state.today) {
      state.cycle += 1;
      step = startCycle();
    } else {
      step = Promise.resolve();
    }
    step.then(function () {
      if (state.slides.length) {
        state.position += 1;
        show(state.slides[state.position]());
        drawDots();
      }
    }).catch(function () { /* keep what is on screen */ }).then(function () {
      state.slideTimer = setTimeout(next, config.interval * 1000);
    });
  }

  // --- staying up for weeks -----------------------------------------------------------------

  function pollBuild() {
    fetch("build.json", { cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error("build.json " + response.status);
      setOnline(true);
      return response.json().catch(function () { return null; });
    }).then(function (stamp) {
      // A malformed stamp says nothing about a new build: keep showing this one.
      if (!validStamp(stamp) || stamp.build === config.build) return null;
      // Reload only when the new page itself answers: never trade slides for an error page.
      return fetch(window.location.href, { cache: "no-store" }).then(function (response) {
        if (response.ok) window.location.reload();
      });
    }).catch(function () { setOnline(false); });
  }

  function shiftAgainstBurnIn() {
    state.shift = (state.shift + 1) % SHIFTS.length;
    var offset = SHIFTS[state.shift];
    document.getElementById("kiosk").style.transform = "translate(" + offset[0] + "px," + offset[1] + "px)";
  }

  function start() {
    loadData().then(next);
  }

  // The screen is laid out at 1920×1080 (1080×1920 upright) and scaled to the screen it is on: a
  // 1366×768 television shows the same slides as a full-HD one, not one sentence a page.
  function fitToScreen() {
    var upright = window.innerHeight > window.innerWidth;
    var width = upright ? 1080 : 1920;
    var height = upright ? 1920 : 1080;
    var scale = Math.min(window.innerWidth / width, window.innerHeight / height);
    var root = document.documentElement.style;
    root.setProperty("--kiosk-width", width + "px");
    root.setProperty("--kiosk-height", height + "px");
    root.setProperty("--kiosk-scale", String(scale));
    root.setProperty("--kiosk-left", (window.innerWidth - width * scale) / 2 + "px");
    root.setProperty("--kiosk-top", (window.innerHeight - height * scale) / 2 + "px");
  }

  fitToScreen();
  window.addEventListener("resize", fitToScreen);
  tickClock();
  setInterval(tickClock, 1000);
  setInterval(pollBuild, config.poll * 1000);
  setInterval(shiftAgainstBurnIn, SHIFT_EVERY);
  start();
})();
