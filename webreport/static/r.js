// Enhancements only: every page works without this file. It previews chosen
// photos (on the phone, never sent anywhere else) and shows upload progress.
(function () {
  "use strict";
  // File inputs: the label becomes the button, in the page's language (a
  // browser's own control speaks the browser's), and says how many are chosen.
  document.documentElement.className += " js";
  Array.prototype.forEach.call(document.querySelectorAll("input[type=file][data-picked]"), function (input) {
    var picked = document.createElement("span");
    picked.className = "picked";
    picked.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", picked);
    input.addEventListener("change", function () {
      var n = input.files ? input.files.length : 0;
      picked.textContent = n ? input.getAttribute("data-picked").replace("%d", n) : "";
    });
  });
  var code = document.getElementById("code");
  if (code && code.hasAttribute("data-copy") && navigator.clipboard) {
    var copy = document.createElement("button");
    copy.type = "button";
    copy.className = "copy";
    copy.textContent = code.getAttribute("data-copy");
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(code.value).then(function () {
        copy.textContent = code.getAttribute("data-copied");
      });
    });
    code.insertAdjacentElement("afterend", copy);
  }
  code && code.addEventListener("focus", function () { code.select(); });
})();

(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var input = document.getElementById("files");
  var previews = document.getElementById("previews");
  var bar = document.getElementById("progress");
  var state = document.getElementById("upload-state");
  var urls = [];
  input.addEventListener("change", function () {
    urls.forEach(function (u) { URL.revokeObjectURL(u); });
    urls = [];
    previews.textContent = "";
    Array.prototype.forEach.call(input.files, function (f) {
      if (!/^image\//.test(f.type) || !window.URL) return;
      var img = document.createElement("img");
      var u = URL.createObjectURL(f);
      urls.push(u);
      img.src = u;
      img.alt = "";
      previews.appendChild(img);
    });
  });
  form.addEventListener("submit", function (e) {
    if (!input.files || input.files.length === 0) return;
    e.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    bar.hidden = false;
    state.textContent = state.getAttribute("data-progress");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action") + "?js=1");
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable) bar.value = Math.round(ev.loaded * 100 / ev.total);
    });
    xhr.addEventListener("load", function () {
      if (xhr.status === 204) {
        bar.value = 100;
        state.textContent = state.getAttribute("data-sent");
        window.location.replace(window.location.href);
        return;
      }
      // A page of ours explaining what went wrong: show it.
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      bar.hidden = true;
      state.textContent = state.getAttribute("data-failed");
    });
    xhr.send(new FormData(form));
  });
})();
