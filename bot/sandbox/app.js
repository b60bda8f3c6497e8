// The sandbox web chat: shows the bot's messages as they stand (edits in
// place) and sends what the person does to the emulator.
"use strict";
(function () {
  const chat = document.getElementById("chat");
  let last = "";

  function post(path, body) {
    return fetch("/sandbox/" + path, { method: "POST", body: body }).then(refresh);
  }

  function render(msgs) {
    chat.replaceChildren();
    for (const m of msgs) {
      const div = document.createElement("div");
      div.className = "msg" + (m.Deleted ? " deleted" : "");
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
    input.value = "";
    post("text", f);
  });
  document.getElementById("file").addEventListener("change", function (e) {
    const file = e.target.files[0];
    if (!file) return;
    const f = new FormData();
    f.set("file", file);
    e.target.value = "";
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
