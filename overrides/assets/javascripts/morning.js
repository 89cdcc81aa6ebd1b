// 晨学三分钟 on /morning/: the site is not rebuilt every night, so the browser picks
// today's item (Asia/Shanghai) from index.json and fills the "今日晨学" card.
// Text goes in with textContent only: nothing from content becomes markup.
(function () {
  "use strict";

  var dates = window.PortalToday;

  function fill(card, item, today) {
    var title = card.querySelector(".morning-today__title");
    var more = card.querySelector(".morning-today__more");
    card.querySelector(".morning-today__label").textContent = item.date === today ? "今日晨学" : "最近一期";
    card.querySelector(".morning-today__date").textContent = dates.chineseDate(item.date, true);
    card.querySelector(".morning-today__topic").textContent = item.topic;
    card.querySelector(".morning-today__summary").textContent = item.summary;
    title.textContent = item.title;
    title.setAttribute("href", item.url);
    if (more) more.setAttribute("href", item.url);
  }

  function start() {
    var card = document.getElementById("morning-today");
    if (!card || !window.fetch || !dates) return;
    var index = new URL("index.json", window.location.href.split("#")[0].split("?")[0]);
    fetch(index, { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var today = dates.now().date;
        var item = dates.pick(data.items, today);
        if (item) fill(card, item, today);
      })
      .catch(function () { /* offline or old data: the card built with the site stays */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
