// What day it is for the portal: Asia/Shanghai, whatever the PC's own time zone. Shared by
// the 晨学 landing page (morning.js) and the corridor screen (kiosk.js): the site is not
// rebuilt every night, so "today's item" is picked in the browser from /morning/index.json.
(function () {
  "use strict";

  var WEEKDAYS = "日一二三四五六";
  var shanghai = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hour12: false
  });

  // {date: "2026-11-27", time: "08:30"} in Asia/Shanghai.
  function now() {
    var parts = {};
    shanghai.formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    var hour = parts.hour === "24" ? "00" : parts.hour;
    return { date: parts.year + "-" + parts.month + "-" + parts.day, time: hour + ":" + parts.minute };
  }

  // The item of `day`, or the latest one before it; items are sorted by date.
  function pick(items, day) {
    var chosen = null;
    for (var i = 0; i < items.length && items[i].date <= day; i++) chosen = items[i];
    return chosen;
  }

  // "2026年11月27日", with " 星期五" when asked.
  function chineseDate(iso, withWeekday) {
    var p = iso.split("-").map(Number);
    var text = p[0] + "年" + p[1] + "月" + p[2] + "日";
    if (withWeekday) text += " 星期" + WEEKDAYS[new Date(Date.UTC(p[0], p[1] - 1, p[2])).getUTCDay()];
    return text;
  }

  window.PortalToday = { now: now, pick: pick, chineseDate: chineseDate };
})();
