/* The reply box's preview: the server renders the Markdown with the renderer posts use
 * (groups:reply_preview), mentions resolved among the thread's readers, images of other
 * sites not loaded, and the privacy guard's warning shown above it.
 */
(function () {
  "use strict";

  var area = document.querySelector(".reply-preview-area[data-preview-url]");
  var form = area && area.closest("form");
  var box = form && form.querySelector("textarea[name=body]");
  if (!box || !window.fetch) return;

  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button-secondary reply-preview-toggle";
  button.textContent = area.getAttribute("data-preview-show");
  button.setAttribute("aria-expanded", "false");
  area.id = "reply-preview";
  button.setAttribute("aria-controls", area.id);
  area.parentNode.insertBefore(button, area);
  area.setAttribute("aria-live", "polite");

  function hide() {
    area.hidden = true;
    area.innerHTML = "";
    button.textContent = area.getAttribute("data-preview-show");
    button.setAttribute("aria-expanded", "false");
  }

  function show(data) {
    area.innerHTML = "";
    var title = document.createElement("h3");
    title.textContent = area.getAttribute("data-preview-title");
    area.appendChild(title);
    var message = data.error || data.warning;
    if (message) {
      var notice = document.createElement("p");
      notice.className = data.error ? "form-error" : "notice";
      notice.textContent = message;
      area.appendChild(notice);
    }
    var body = document.createElement("div");
    body.className = "post-body reply-preview";
    body.innerHTML = data.html || ""; // sanitised by the server's renderer
    area.appendChild(body);
    area.hidden = false;
    button.textContent = area.getAttribute("data-preview-hide");
    button.setAttribute("aria-expanded", "true");
  }

  button.addEventListener("click", function () {
    if (!area.hidden) { hide(); box.focus(); return; }
    var data = new FormData();
    data.append("body", box.value);
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    window.fetch(area.getAttribute("data-preview-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
      body: data
    })
      .then(function (response) { return response.json(); })
      .then(show)
      .catch(function () { hide(); });
  });
  // The preview shows what was sent; typing on makes it stale, so it closes.
  box.addEventListener("input", function () { if (!area.hidden) hide(); });
})();
