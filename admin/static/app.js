// Tipline admin: the queue's new-tip poll and keyboard shortcuts. Loaded as a
// file under the page's nonce CSP; no inline script anywhere.
(function () {
  "use strict";
  var page = document.body.getAttribute("data-page");

  if (page === "queue") {
    var banner = document.getElementById("new-tips");
    var last = null;
    var poll = function () {
      fetch("/queue/count.json", { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (c) {
          if (!c) return;
          if (last !== null && c["new"] > last && banner) {
            banner.hidden = false;
            banner.querySelector("a").setAttribute("href", location.pathname + location.search);
          }
          last = c["new"];
        })
        .catch(function () {});
    };
    poll();
    setInterval(poll, 30000);
  }

  // A canned question fills the ask form without a reload (the link reloads
  // the page with it filled when scripts are off); the officer edits it there.
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("[data-canned]") : null;
    var box = document.getElementById("f-ask");
    if (!a || !box) return;
    e.preventDefault();
    box.value = a.getAttribute("data-canned");
    box.focus();
  });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var focus = function (id) { var el = document.getElementById(id); if (el) { el.focus(); e.preventDefault(); } };
    switch (e.key) {
      case "c":
        var b = document.querySelector("[data-key=c]");
        if (b) { e.preventDefault(); b.click(); }
        break;
      case "n": focus("f-note"); break;
      case "a": focus("f-ask"); break;
      case "g": location.href = "/queue"; break;
    }
  });
})();
