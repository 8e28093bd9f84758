/* Mention autocomplete in the reply box: typing "@Mar" lists colleagues who may read the
 * thread (the server decides: groups:mention_candidates), and choosing one inserts
 * "@[Name #id]", the form the renderer links to exactly that member.
 *
 * ARIA combobox on the textarea: aria-expanded, aria-controls, aria-activedescendant;
 * arrow keys move, Enter or Tab inserts, Escape closes. Without JavaScript the help text
 * explains the @[name] form.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-mentions-url]");
  var box = form && form.querySelector("textarea[name=body]");
  if (!box || !window.fetch) return;
  var url = form.getAttribute("data-mentions-url");
  var strings = {
    label: form.getAttribute("data-mentions-label"),
    none: form.getAttribute("data-mentions-none"),
    count: form.getAttribute("data-mentions-count")
  };

  var list = document.createElement("ul");
  list.id = "mention-suggestions";
  list.className = "mention-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", strings.label || "");
  list.hidden = true;
  box.parentNode.insertBefore(list, box.nextSibling);
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  box.parentNode.insertBefore(status, list.nextSibling);

  box.setAttribute("role", "combobox");
  box.setAttribute("aria-autocomplete", "list");
  box.setAttribute("aria-controls", list.id);
  box.setAttribute("aria-expanded", "false");

  var results = [];
  var active = -1;
  var started = -1; // index of the "@" being completed
  var timer = null;
  var asked = 0;

  // "@" at the start or after a space, then up to four words of a name, up to the caret.
  var TRIGGER = /(^|\s)@([^\s@\[\]#][^@\[\]#\n]{0,40})$/;

  function query() {
    var before = box.value.slice(0, box.selectionStart);
    var match = TRIGGER.exec(before);
    if (!match || match[2].split(" ").length > 4) return null;
    started = before.length - match[2].length - 1;
    return match[2];
  }

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    results = [];
    active = -1;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === active ? "true" : "false");
    }
    box.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }

  function show(found) {
    results = found;
    list.innerHTML = "";
    if (!found.length) {
      close();
      status.textContent = strings.none || "";
      return;
    }
    found.forEach(function (person, i) {
      var option = document.createElement("li");
      option.id = "mention-option-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      var name = document.createElement("span");
      name.className = "mention-name";
      name.textContent = person.name;
      option.appendChild(name);
      var detail = [person.job_title, person.organisation].filter(Boolean).join(" · ");
      if (detail) {
        var small = document.createElement("small");
        small.textContent = " " + detail;
        option.appendChild(small);
      }
      // mousedown, not click: the textarea keeps focus and the caret.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(i);
      });
      list.appendChild(option);
    });
    list.hidden = false;
    box.setAttribute("aria-expanded", "true");
    highlight(0);
    status.textContent = (strings.count || "{n}").replace("{n}", String(found.length));
  }

  function choose(index) {
    var person = results[index];
    if (!person || started < 0) return;
    var caret = box.selectionStart;
    var insert = person.insert + " ";
    box.value = box.value.slice(0, started) + insert + box.value.slice(caret);
    var at = started + insert.length;
    box.setSelectionRange(at, at);
    close();
    box.focus();
  }

  function lookup() {
    var term = query();
    if (term === null || term.length < 1) { close(); return; }
    var ticket = ++asked;
    window.fetch(url + "?q=" + encodeURIComponent(term), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (ticket === asked) show(data.results || []); })
      .catch(close);
  }

  box.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, 120);
  });
  box.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Enter" || event.key === "Tab") {
      if (active >= 0) { event.preventDefault(); choose(active); }
    } else if (event.key === "Escape") { event.preventDefault(); close(); }
  });
  box.addEventListener("blur", function () { window.setTimeout(close, 150); });
})();
