// Material's inline content script (partials/javascripts/content.html, 9.8.2), moved to a file:
// a link to a tab (#__tabbed_1_2) opens that tab.
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
