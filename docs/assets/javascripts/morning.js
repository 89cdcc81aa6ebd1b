// 晨学三分钟 on /morning/: the site is not rebuilt every night, so the browser picks
// today's item (Asia/Shanghai) from index.json and fills the "今日晨学" card.
// Text goes in with textContent only: nothing from content becomes markup.
(function () {
  "use strict";

  var WEEKDAYS = "日一二三四五六";

  function shanghaiToday() {
    // en-CA formats as YYYY-MM-DD.
    return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  }

  function chineseDate(iso) {
    var parts = iso.split("-").map(Number);
    var weekday = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])).getUTCDay();
    return parts[0] + "年" + parts[1] + "月" + parts[2] + "日 星期" + WEEKDAYS[weekday];
  }

  function pick(items, today) {
    var chosen = null;
    for (var i = 0; i < items.length; i++) {
      if (items[i].date <= today) chosen = items[i];
      else break; // items are sorted by date
    }
    return chosen;
  }

  function fill(card, item, today) {
    var title = card.querySelector(".morning-today__title");
    var more = card.querySelector(".morning-today__more");
    card.querySelector(".morning-today__label").textContent = item.date === today ? "今日晨学" : "最近一期";
    card.querySelector(".morning-today__date").textContent = chineseDate(item.date);
    card.querySelector(".morning-today__topic").textContent = item.topic;
    card.querySelector(".morning-today__summary").textContent = item.summary;
    title.textContent = item.title;
    title.setAttribute("href", item.url);
    if (more) more.setAttribute("href", item.url);
  }

  function start() {
    var card = document.getElementById("morning-today");
    if (!card || !window.fetch) return;
    var index = new URL("index.json", window.location.href.split("#")[0].split("?")[0]);
    fetch(index, { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var today = shanghaiToday();
        var item = pick(data.items, today);
        if (item) fill(card, item, today);
      })
      .catch(function () { /* offline or old data: the card built with the site stays */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
