// Tipline admin: the queue's new-tip poll and keyboard shortcuts. Loaded as a
// file under the page's nonce CSP; no inline script anywhere.
(function () {
  "use strict";
  var page = document.body.getAttribute("data-page");

  if (page === "queue") {
    var banner = document.getElementById("new-tips");
    var last = null;
    // The urgent alert: off until the officer turns it on (browsers allow
    // sound and notifications only after a click), remembered per browser.
    var alertBtn = document.getElementById("urgent-alert");
    var urgentBanner = document.getElementById("urgent-tip");
    var lastUrgent = null;
    var audio = null;
    var alerting = function () { return localStorage.getItem("tipline.urgentAlert") === "on"; };
    var showAlerting = function () {
      if (!alertBtn) return;
      alertBtn.parentNode.hidden = false;
      alertBtn.setAttribute("aria-pressed", alerting() ? "true" : "false");
      alertBtn.textContent = alertBtn.getAttribute(alerting() ? "data-on" : "data-off");
    };
    var beep = function () {
      if (!audio) return;
      [0, 0.35].forEach(function (at) {
        var o = audio.createOscillator(), g = audio.createGain();
        o.frequency.value = 880;
        g.gain.value = 0.2;
        o.connect(g); g.connect(audio.destination);
        o.start(audio.currentTime + at); o.stop(audio.currentTime + at + 0.2);
      });
    };
    var sound = function () {
      if (urgentBanner) urgentBanner.hidden = false;
      if (!alerting()) return;
      beep();
      if (window.Notification && Notification.permission === "granted") {
        new Notification(alertBtn.getAttribute("data-notice"));
      }
    };
    var wake = function () {
      var AC = window.AudioContext || window.webkitAudioContext;
      if (AC && !audio) audio = new AC();
      if (audio && audio.resume) audio.resume();
    };
    // After a reload the alert is still on, but sound waits for a click.
    document.addEventListener("click", function () { if (alerting()) wake(); }, { once: true });
    if (alertBtn) {
      showAlerting();
      alertBtn.addEventListener("click", function () {
        localStorage.setItem("tipline.urgentAlert", alerting() ? "off" : "on");
        if (alerting()) {
          wake();
          if (window.Notification && Notification.permission === "default") Notification.requestPermission();
        }
        showAlerting();
      });
    }
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
          if (lastUrgent !== null && c["latest_urgent"] > lastUrgent) sound();
          lastUrgent = c["latest_urgent"];
        })
        .catch(function () {});
    };
    poll();
    setInterval(poll, 15000);
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
