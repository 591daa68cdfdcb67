// A table wider than the page scrolls sideways inside Material's wrapper (.md-typeset__scrollwrap), and a
// keyboard reader can only scroll what can take focus (WCAG 2.1.1; axe's "scrollable-region-focusable"):
// each wrapper that overflows becomes a focusable, named region; one that fits is no extra tab stop.
(function () {
  "use strict";

  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table, scrolls sideways");
      } else {
        ["tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }

  // Material wraps the tables when it mounts a page (document$); without it, once the page has loaded.
  if (window.document$) { window.document$.subscribe(mark); } else { window.addEventListener("load", mark); }
  window.addEventListener("resize", mark);
  document.addEventListener("change", mark);  // a content tab shown: its table is measured now
})();
