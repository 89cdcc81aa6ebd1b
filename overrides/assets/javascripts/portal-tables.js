// A table wider than the screen scrolls inside its box (Material wraps it in .md-typeset__scrollwrap).
// Such a box is made reachable from the keyboard and named by its column headings, so it can be
// scrolled without a mouse and told apart from the page's other wide tables.
(function () {
  "use strict";
  function headings(box) {
    var cells = box.querySelectorAll("th");
    var names = [];
    for (var i = 0; i < cells.length && i < 4; i++) names.push(cells[i].textContent.trim());
    return names.join("、") + (cells.length > 4 ? "……" : "");
  }
  function reachableScrollBoxes() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "表格：" + headings(box) + "（较宽，可左右滚动查看）");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }
  // After Material has wrapped the tables (its document$ emits once the page is set up), and again
  // when the window changes size.
  if (window.document$) {
    window.document$.subscribe(function () { setTimeout(reachableScrollBoxes, 0); });
  } else {
    window.addEventListener("load", reachableScrollBoxes);
  }
  window.addEventListener("resize", reachableScrollBoxes);
})();
