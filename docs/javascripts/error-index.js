// The error page's matcher: a pasted error line, with the reader's own versions, paths and package
// names, finds the message in the index below it and the guide that explains it. No server: it reads
// the page's own entries (h3.idoc-error, each followed by its list of guides with the lines as printed).
(function () {
  "use strict";

  // What varies between readers is dropped before comparing words.
  var VARYING = [
    /https?:\/\/[^\s)]+/g,                          // URLs
    /(?:[A-Za-z]:\\|~?\/|\.{1,2}[\/\\])[^\s'"(),]*/g, // paths
    /\d+(?:\.\d+)+[\w.+!-]*/g,                      // versions
    /\b[A-Z][A-Z0-9]+\b|X\.Y|…/g                    // the index's placeholders (PACKAGE, PATH, X.Y)
  ];

  function words(text) {
    VARYING.forEach(function (pattern) { text = text.replace(pattern, " "); });
    return new Set(text.toLowerCase().match(/[a-z][a-z0-9_-]*[a-z0-9]|[a-z]/g) || []);
  }

  function entries() {
    return Array.prototype.map.call(document.querySelectorAll("h3.idoc-error"), function (heading) {
      var list = heading.nextElementSibling;
      var message = words(heading.textContent);
      var guides = Array.prototype.map.call(list ? list.querySelectorAll("li") : [], function (item, order) {
        var printed = new Set();
        item.querySelectorAll("code").forEach(function (code) {
          words(code.textContent).forEach(function (word) { if (!message.has(word)) printed.add(word); });
        });
        return { link: item.querySelector("a.idoc-error-guide"), printed: printed, order: order };
      });
      return { heading: heading, message: message, guides: guides };
    });
  }

  function shared(a, b) {
    var count = 0;
    a.forEach(function (word) { if (b.has(word)) count += 1; });
    return count;
  }

  // The entry whose words the paste covers best; among its guides, the one whose printed lines
  // share the paste's specific words (package names) first, then the index's order.
  function match(pasted, index) {
    var best = null;
    index.forEach(function (entry) {
      if (!entry.message.size) return;
      var hits = shared(entry.message, pasted);
      var coverage = hits / entry.message.size;
      if (coverage >= 0.6 && (!best || coverage > best.coverage || (coverage === best.coverage && hits > best.hits))) {
        best = { entry: entry, coverage: coverage, hits: hits };
      }
    });
    if (!best) return null;
    var guides = best.entry.guides.slice().sort(function (a, b) {
      return shared(b.printed, pasted) - shared(a.printed, pasted) || a.order - b.order;
    });
    return { entry: best.entry, guides: guides };
  }

  function show(result, output) {
    output.textContent = "";
    document.querySelectorAll("h3.idoc-error.idoc-hit").forEach(function (h) { h.classList.remove("idoc-hit"); });
    if (!result) {
      output.textContent = "No message in the index matches; try one line of the error, or the symptom finder.";
      return;
    }
    result.entry.heading.classList.add("idoc-hit");
    var intro = document.createElement("p");
    intro.textContent = "Explained in:";
    var list = document.createElement("ol");
    result.guides.forEach(function (guide) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = guide.link.href;
      link.className = "idoc-match-guide";
      link.textContent = guide.link.textContent;
      item.appendChild(link);
      list.appendChild(item);
    });
    var entry = document.createElement("a");
    entry.href = "#" + result.entry.heading.id;
    entry.textContent = "The message in the index: " + result.entry.heading.textContent.replace(/¶$/, "").trim();
    output.append(intro, list, entry);
  }

  function start() {
    var box = document.getElementById("idoc-paste");
    var output = document.getElementById("idoc-match");
    if (!box || !output) return;
    var index = entries();
    box.addEventListener("input", function () {
      var text = box.value.trim();
      if (!text) { output.textContent = ""; return; }
      show(match(words(text), index), output);
    });
  }

  // A traceback's frame lines are the same in every traceback: the message is the last line.
  var TRACEBACK = [/Traceback \(most recent call last\):?/g, /File "[^"]*", line \d+(?:, in \S+)?/g];

  // The site search gets the same cleaning before Material reads the query (capture phase runs first):
  // a pasted `--break-system-packages` would otherwise read as lunr's "must not contain", as would the
  // hyphen a version leaves behind (`tensorflow-2.16.1-cp312….whl`), and versions and paths only add
  // terms that no page holds.
  function cleanSearch(event) {
    var input = event.target;
    if (!input || !input.classList || !input.classList.contains("md-search__input")) return;
    var cleaned = input.value;
    TRACEBACK.concat(VARYING.slice(0, 3)).forEach(function (pattern) { cleaned = cleaned.replace(pattern, " "); });
    cleaned = cleaned.replace(/(^|\s)[-+~^*:]+/g, "$1").replace(/[-+~^*:]+(?=\s|$)/g, "")
      .replace(/[=<>~!^*:]+/g, " ").replace(/\s+/g, " ");
    if (cleaned.trim() !== input.value.trim()) input.value = cleaned.trim();
  }
  ["keyup", "input"].forEach(function (type) { document.addEventListener(type, cleanSearch, true); });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
