// Printing any page (Ctrl+P): the print stylesheet hides the site around the content; this adds
// what paper needs and a screen does not — each link's full address, and the date of printing.
(function () {
  "use strict";
  function beforePrint() {
    var links = document.querySelectorAll(".md-content a[href]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      if (link.getAttribute("href").charAt(0) === "#" || link.classList.contains("headerlink")) continue;
      try {
        link.setAttribute("data-print-href", decodeURI(link.href));
      } catch (error) {
        link.setAttribute("data-print-href", link.href);
      }
    }
    var now = new Date();
    var date = now.getFullYear() + "年" + (now.getMonth() + 1) + "月" + now.getDate() + "日";
    var places = document.querySelectorAll("[data-print-date]");
    for (var j = 0; j < places.length; j++) places[j].textContent = date;
  }
  window.addEventListener("beforeprint", beforePrint);
})();
