/* The notification bell on every page: its live counter and the dropdown of the latest
 * notifications under it.
 *
 * One WebSocket per tab: where live.js runs (group and thread pages, #live-config), the
 * bell listens to the messages live.js receives (the "samendenk:live" DOM event) and
 * opens no socket of its own; on every other page it opens one socket subscribed to the
 * personal topic ("me"), plus the topics other scripts add in the same way as with live.js
 * (window.samendenkLiveTopics, the "samendenk:live-subscribe", "samendenk:live" and
 * "samendenk:live-lost" events). Without JavaScript the bell is a link to the notifications
 * page. The dropdown's HTML and the unread count come from the server
 * (groups:notifications_latest), so they always equal the database.
 */
(function () {
  "use strict";

  var item = document.querySelector(".notification-bell[data-latest-url]");
  var link = item && item.querySelector("[data-notification-count]");
  if (!link || !window.fetch) return;
  var label = link.querySelector("[data-notification-count-label]");
  var latestUrl = item.getAttribute("data-latest-url");

  var panel = document.createElement("div");
  panel.id = "notification-dropdown";
  panel.className = "notification-dropdown";
  panel.hidden = true;
  item.appendChild(panel);
  link.setAttribute("role", "button");
  link.setAttribute("aria-expanded", "false");
  link.setAttribute("aria-controls", panel.id);

  var announcer = document.createElement("p");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  announcer.setAttribute("aria-live", "polite");
  document.body.appendChild(announcer);

  function announce(text) {
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 30);
  }

  function setCount(count) {
    count = Math.max(parseInt(count, 10) || 0, 0);
    link.setAttribute("data-notification-count", String(count));
    if (label) {
      label.textContent = String(count);
      label.classList.toggle("is-zero", count === 0);
    }
  }

  var loading = null;
  function refresh() {
    var next = window.location.pathname + window.location.search;
    var url = latestUrl + "?next=" + encodeURIComponent(next);
    loading = window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        panel.innerHTML = data.html;
        setCount(data.unread);
        item.setAttribute("data-loaded", "true");
      })
      .catch(function () { /* the link to the page still works */ });
    return loading;
  }

  function open() {
    panel.hidden = false;
    link.setAttribute("aria-expanded", "true");
    refresh();
  }

  function close(returnFocus) {
    if (panel.hidden) return;
    panel.hidden = true;
    link.setAttribute("aria-expanded", "false");
    if (returnFocus) link.focus();
  }

  link.addEventListener("click", function (event) {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    if (panel.hidden) open(); else close(false);
  });
  link.addEventListener("keydown", function (event) {
    // role=button: Space opens it too.
    if (event.key === " ") { event.preventDefault(); link.click(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) close(true);
  });
  document.addEventListener("click", function (event) {
    if (!item.contains(event.target)) close(false);
  });

  // --- live --------------------------------------------------------------------------

  var subscribedBefore = false;
  function handle(message) {
    if (message.type === "notification") {
      if (message.event === "notification") announce(item.getAttribute("data-string-notification"));
      refresh();
    } else if (message.type === "subscribed" && message.topic === "me") {
      // After a reconnect: what arrived meanwhile.
      if (subscribedBefore) refresh();
      subscribedBefore = true;
      item.setAttribute("data-live", "subscribed");
    }
  }

  document.addEventListener("samendenk:live", function (event) { handle(event.detail || {}); });
  if (document.getElementById("live-config") || !("WebSocket" in window)) return;

  var attempt = 0;
  var socket = null;
  var extraTopics = window.samendenkLiveTopics = window.samendenkLiveTopics || [];
  function subscribe(topic) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ action: "subscribe", topic: topic }));
    }
  }
  document.addEventListener("samendenk:live-subscribe", function (event) {
    if (event.detail && event.detail.topic) subscribe(event.detail.topic);
  });

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + "/ws/");
    socket.onopen = function () {
      attempt = 0;
      subscribe("me");
      for (var i = 0; i < extraTopics.length; i++) subscribe(extraTopics[i]);
    };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      // handle() hears it through the event, like every other script of the page.
      document.dispatchEvent(new CustomEvent("samendenk:live", { detail: message }));
    };
    socket.onclose = function (event) {
      document.dispatchEvent(new CustomEvent("samendenk:live-lost"));
      // 4001 logged out, 4003 not allowed: reconnecting would not help.
      if (event.code === 4001 || event.code === 4003) return;
      var ceiling = Math.min(30000, 500 * Math.pow(2, attempt));
      attempt += 1;
      window.setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
    };
  }
  connect();
})();
