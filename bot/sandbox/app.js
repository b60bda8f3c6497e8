// The sandbox web chat: shows the bot's messages as they stand (edits in
// place) and sends what the person does to the emulator.
"use strict";
(function () {
  const chat = document.getElementById("chat");
  const notice = document.getElementById("notice");
  let last = "";
  let alerted = "";

  // post sends what the person did; a refusal is shown, never dropped.
  function post(path, body) {
    return fetch("/sandbox/" + path, { method: "POST", body: body }).then(function (r) {
      if (!r.ok) {
        notice.textContent = notice.dataset.refused + " (" + r.status + ")";
        notice.hidden = false;
      }
      return refresh().then(function () { return r.ok; });
    });
  }

  function render(state) {
    const a = state.Alert;
    if (a && a.ID !== alerted) {
      // show_alert is a dialog in Telegram: the press was answered.
      alerted = a.ID;
      notice.textContent = a.Text;
      notice.hidden = false;
    }
    chat.replaceChildren();
    for (const m of state.Messages) {
      const div = document.createElement("div");
      div.className = "msg" + (m.Mine ? " mine" : "") + (m.Deleted ? " deleted" : "");
      div.textContent = m.Text || (m.File ? "📎 " + m.File : "");
      for (const row of m.Buttons || []) {
        const r = document.createElement("div");
        r.className = "row";
        for (const b of row) {
          let el;
          if (b.URL) {
            el = document.createElement("a");
            el.href = b.URL;
            el.rel = "noopener";
            el.target = "_blank";
          } else {
            el = document.createElement("button");
            el.type = "button";
            el.addEventListener("click", function () {
              const f = new FormData();
              f.set("message", m.ID);
              f.set("data", b.Data);
              notice.hidden = true;
              post("press", f);
            });
          }
          el.textContent = b.Text;
          r.appendChild(el);
        }
        div.appendChild(r);
      }
      chat.appendChild(div);
    }
    chat.scrollTop = chat.scrollHeight;
  }

  function refresh() {
    return fetch("/sandbox/messages").then(function (r) { return r.text(); }).then(function (t) {
      if (t !== last) {
        last = t;
        render(JSON.parse(t));
      }
    });
  }

  document.getElementById("say").addEventListener("submit", function (e) {
    e.preventDefault();
    const input = document.getElementById("text");
    if (!input.value.trim()) return;
    const f = new FormData();
    f.set("text", input.value);
    const sent = input.value;
    notice.hidden = true;
    post("text", f).then(function (ok) {
      // Cleared only once taken: a refused text stays to be shortened.
      if (ok && input.value === sent) input.value = "";
    });
  });
  document.getElementById("file").addEventListener("change", function (e) {
    const file = e.target.files[0];
    if (!file) return;
    const f = new FormData();
    f.set("file", file);
    e.target.value = "";
    notice.hidden = true;
    post("upload", f);
  });
  document.getElementById("where").addEventListener("click", function () {
    // Xiangxiang city centre when the browser will not tell.
    const send = function (lat, lon) {
      const f = new FormData();
      f.set("lat", lat);
      f.set("lon", lon);
      post("location", f);
    };
    if (!navigator.geolocation) return send(27.7186, 112.5350);
    navigator.geolocation.getCurrentPosition(
      function (p) { send(p.coords.latitude, p.coords.longitude); },
      function () { send(27.7186, 112.5350); });
  });
  setInterval(refresh, 1000);
  refresh();
})();
