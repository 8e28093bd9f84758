/* Live updates of the think groups over one WebSocket per tab (/ws/).
 *
 * The protocol is documented in groups/consumers.py. Without JavaScript, or while the
 * socket is down, every page works through ordinary forms and links.
 * - thread page (#thread): new, edited and removed posts appear in #post-list in
 *   number order, without touching the reply box; readers reading along; the reply
 *   form is sent over the socket when it is open (otherwise a normal POST);
 * - group page (#thread-list): rows of new and changed threads;
 * - every page with the bell: the notification counter;
 * - topics of other scripts on the page (toets.js: "toets:<id>"), on this same socket:
 *   such a script adds its topic to window.samendenkLiveTopics and fires the
 *   "samendenk:live-subscribe" event; every (re)connect subscribes them all again. Each
 *   incoming frame is fired as "samendenk:live", a lost socket as "samendenk:live-lost".
 * Strings come from the page (groups/includes/live.html), translated by Django.
 */
(function () {
  "use strict";

  var configNode = document.getElementById("live-config");
  if (!configNode || !("WebSocket" in window)) return;
  var config = JSON.parse(configNode.textContent);
  if (!config.authenticated) return; // anonymous readers get no live subscriptions
  var T = config.strings;

  var thread = document.getElementById("thread");
  var postList = document.getElementById("post-list");
  var threadList = document.getElementById("thread-list");
  var bell = document.querySelector("[data-notification-count]");
  var readersNode = document.querySelector("[data-readers-count]");
  var replyCountNode = document.querySelector("[data-reply-count]");
  // Posts numbered after the page was rendered, counted once each (live and catch-up
  // events may both bring the same post).
  var renderedUpTo = replyCountNode ? parseInt(replyCountNode.getAttribute("data-last-number"), 10) || 0 : 0;
  var counted = {};
  var form = document.getElementById("reply-form");

  var socket = null;
  var attempt = 0;
  var wasLost = false;
  var nextRef = 1;
  var pendingReply = null;
  var newElsewhere = 0;

  // --- regions for announcements (screen readers) and visible messages -------------

  function region(id, politeness, visible) {
    var node = document.getElementById(id);
    if (node) return node;
    node = document.createElement("p");
    node.id = id;
    node.setAttribute("aria-live", politeness);
    node.setAttribute("role", politeness === "assertive" ? "alert" : "status");
    node.className = visible ? "live-status" : "visually-hidden";
    var anchor = thread ? thread.querySelector(".thread-header") : null;
    if (anchor) anchor.appendChild(node);
    else if (threadList) threadList.parentNode.insertBefore(node, threadList);
    else document.body.appendChild(node);
    return node;
  }

  function announce(text) {
    var node = region("live-announcements", "polite", false);
    node.textContent = "";
    // A fresh text node after clearing makes screen readers announce repeats too.
    window.setTimeout(function () { node.textContent = text; }, 30);
  }

  function status(text) {
    var node = region("live-status", "polite", true);
    node.textContent = text || "";
    node.hidden = !text;
  }

  // A moderator locked (or unlocked) the thread: close the reply box for readers who may
  // no longer reply. The typed text stays in the (disabled) box; nothing is lost.
  function setLocked(locked) {
    if (!form || (thread && thread.getAttribute("data-can-moderate") === "true")) {
      status(locked ? T.locked : "");
      return;
    }
    var fields = form.querySelectorAll("textarea, input, button, select");
    for (var i = 0; i < fields.length; i++) fields[i].disabled = locked;
    form.classList.toggle("is-locked", locked);
    var notice = form.querySelector("[data-locked-notice]");
    if (locked && !notice) {
      notice = document.createElement("p");
      notice.className = "notice";
      notice.setAttribute("data-locked-notice", "");
      notice.textContent = T.locked;
      form.insertBefore(notice, form.firstChild);
    } else if (!locked && notice) {
      notice.parentNode.removeChild(notice);
    }
  }

  function replyError(text) {
    var node = form && form.querySelector("[data-reply-error]");
    if (!node) { status(text); return; }
    node.textContent = text || "";
    node.hidden = !text;
  }

  function fill(template, n) {
    return template.replace("{n}", String(n));
  }

  // --- the socket ------------------------------------------------------------------

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  // The server sends a heartbeat every 15 s (LIVE_HEARTBEAT): a socket that stays silent
  // much longer is dead without a close (a lost network, a server that hung); after a ping
  // that gets no answer either, it is dropped and a new one catches up.
  var SILENCE = 40000;
  var lastHeard = 0;

  function reconnectLater() {
    if (!wasLost) status(T.connectionLost);
    wasLost = true;
    // Exponential backoff with jitter, so that a restarted server is not stormed.
    var ceiling = Math.min(30000, 500 * Math.pow(2, attempt));
    attempt += 1;
    window.setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + "/ws/");
    socket.onopen = function () {
      attempt = 0;
      lastHeard = Date.now();
      if (wasLost) status(T.reconnected);
      wasLost = false;
      subscribeAll();
    };
    socket.onmessage = function (event) {
      lastHeard = Date.now();
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      handle(message);
    };
    socket.onclose = function (event) {
      lost();
      failPendingReply();
      // 4001 logged out, 4003 not allowed: reconnecting would not help.
      if (event.code === 4001 || event.code === 4003) return;
      reconnectLater();
    };
  }

  function lost() {
    document.dispatchEvent(new CustomEvent("samendenk:live-lost"));
  }

  var extraTopics = window.samendenkLiveTopics = window.samendenkLiveTopics || [];
  document.addEventListener("samendenk:live-subscribe", function (event) {
    var topic = event.detail && event.detail.topic;
    // Not yet open: the topic is in the list, and onopen subscribes it.
    if (topic) send({ action: "subscribe", topic: topic });
  });

  window.setInterval(function () {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    var quiet = Date.now() - lastHeard;
    if (quiet > SILENCE + 10000) {
      var dead = socket;
      dead.onclose = null;
      dead.onmessage = null;
      dead.close();
      socket = null;
      lost();
      failPendingReply();
      reconnectLater();
    } else if (quiet > SILENCE) {
      send({ action: "ping" });
    }
  }, 5000);

  function highestNumber() {
    var highest = 0;
    if (!postList) return highest;
    var items = postList.querySelectorAll("li[data-number]");
    for (var i = 0; i < items.length; i++) {
      highest = Math.max(highest, parseInt(items[i].getAttribute("data-number"), 10) || 0);
    }
    return Math.max(highest, parseInt(thread.getAttribute("data-last-number"), 10) || 0);
  }

  // The thread's numbers this page has (live_sequence.js): every number up to the page's
  // last is on it or absent for this reader; later ones arrive in order, exactly once.
  var sequence = thread && window.SamendenkSequence ? new window.SamendenkSequence(highestNumber()) : null;
  var threadTopic = thread ? "thread:" + thread.getAttribute("data-thread-id") : null;

  function subscribeAll() {
    if (thread) {
      var message = { action: "subscribe", topic: threadTopic };
      // On the last page, ask for everything after the first gap (catch-up).
      if (config.lastPage && sequence) message.last_number = sequence.reset();
      send(message);
    }
    if (threadList && threadList.getAttribute("data-group-id")) {
      send({ action: "subscribe", topic: "group:" + threadList.getAttribute("data-group-id") });
    }
    if (bell) send({ action: "subscribe", topic: "me" });
    for (var i = 0; i < extraTopics.length; i++) send({ action: "subscribe", topic: extraTopics[i] });
  }

  // Carry out what the sequence decided: show posts in order, ask for missing numbers.
  function act(actions) {
    for (var i = 0; i < actions.length; i++) {
      var action = actions[i];
      if (action[0] === "fetch") {
        send({ action: "fetch", topic: threadTopic, from: action[1], to: action[2] });
      } else if (action[2] === "post") {
        if (postList) placePost(action[3]);
        countReply(action[3]);
      } else if (action[3] && action[3].type === "post_removed") {
        removePost(action[3]);
      }
    }
  }

  // --- events ----------------------------------------------------------------------

  function nodeFrom(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function placePost(message) {
    var existing = postList.querySelector('li[data-number="' + message.number + '"]');
    var node = nodeFrom(message.html);
    if (!node) return;
    if (existing) {
      existing.parentNode.replaceChild(node, existing);
      return;
    }
    if (!config.lastPage) {
      newElsewhere += 1;
      status(T.newElsewhere);
      return;
    }
    // Insert in number order: catch-up and live events may cross.
    var items = postList.querySelectorAll("li[data-number]");
    var before = null;
    for (var i = 0; i < items.length; i++) {
      if (parseInt(items[i].getAttribute("data-number"), 10) > message.number) {
        before = items[i];
        break;
      }
    }
    postList.insertBefore(node, before);
    if (message.event !== "catch_up" || !before) announce(fill(T.newPost, message.number));
  }

  function removePost(message) {
    var existing = postList && postList.querySelector('li[data-number="' + message.number + '"]');
    if (!existing) return;
    // The placeholder ("hidden by a moderator"), as after a reload; the count keeps it.
    var placeholder = message.html ? nodeFrom(message.html) : null;
    if (placeholder) existing.parentNode.replaceChild(placeholder, existing);
    else existing.parentNode.removeChild(existing);
  }

  function countReply(message) {
    if (!replyCountNode) return;
    var count = parseInt(replyCountNode.getAttribute("data-reply-count"), 10) || 0;
    if ((message.event === "created" || message.event === "catch_up") &&
        message.number > renderedUpTo && !counted[message.number]) {
      counted[message.number] = true;
      count += 1;
    } else if (message.event === "deleted") {
      count = Math.max(count - 1, 0);
    } else {
      return;
    }
    replyCountNode.setAttribute("data-reply-count", count);
    replyCountNode.textContent = count === 1 ? T.repliesOne : fill(T.repliesMany, count);
  }

  function showReaders(total) {
    if (!readersNode) return;
    var others = Math.max(total - 1, 0);
    readersNode.textContent = others === 0 ? "" : others === 1 ? T.readersOne : fill(T.readersMany, others);
  }

  function placeRow(message) {
    var empty = threadList.querySelector("li.empty");
    if (empty) empty.parentNode.removeChild(empty);
    var existing = document.getElementById("thread-" + message.thread_id);
    var node = nodeFrom(message.html);
    if (!node) return;
    node.classList.add("is-live-updated");
    if (existing) existing.parentNode.removeChild(existing);
    // Pinned threads stay on top; a changed thread goes first among the others.
    var firstUnpinned = threadList.querySelector("li.thread-row:not(.is-pinned)");
    if (node.classList.contains("is-pinned")) threadList.insertBefore(node, threadList.firstChild);
    else threadList.insertBefore(node, firstUnpinned);
    announce(T.listUpdated);
  }

  function setNotificationCount(count) {
    if (!bell) return;
    count = Math.max(count, 0);
    bell.setAttribute("data-notification-count", String(count));
    var label = bell.querySelector("[data-notification-count-label]");
    if (label) {
      label.textContent = String(count);
      label.classList.toggle("is-zero", count === 0);
    }
  }

  function handle(message) {
    // Other scripts of the page (the bell: community/bell.js) share this one socket.
    document.dispatchEvent(new CustomEvent("samendenk:live", { detail: message }));
    switch (message.type) {
      case "post":
      case "post_removed":
        if (message.topic !== threadTopic) break;
        if (sequence && config.lastPage) act(sequence.post(message.number, message));
        else if (message.type === "post") { if (postList) placePost(message); countReply(message); }
        else removePost(message);
        break;
      case "fetched":
        if (sequence && message.topic === threadTopic) act(sequence.fetched(message.absent || []));
        break;
      case "heartbeat":
        var latest = message.topics && message.topics[threadTopic];
        if (sequence && config.lastPage && typeof latest === "number") act(sequence.announce(latest));
        break;
      case "subscribed":
        if (typeof message.readers === "number") showReaders(message.readers);
        if (sequence && config.lastPage && message.topic === threadTopic &&
            typeof message.last_number === "number") act(sequence.announce(message.last_number));
        break;
      case "presence":
        showReaders(message.readers);
        break;
      case "thread":
        if (message.event === "locked" || message.event === "unlocked") {
          setLocked(message.event === "locked");
        } else if (message.event === "knowledge" && message.panel) {
          // Banner and verified answer; the reply form below is left as it is.
          var panel = document.getElementById("knowledge-panel");
          var fresh = nodeFrom(message.panel);
          if (panel && fresh) panel.parentNode.replaceChild(fresh, panel);
        }
        break;
      case "thread_row":
        if (threadList) placeRow(message);
        break;
      case "thread_row_removed":
        var row = document.getElementById("thread-" + message.thread_id);
        if (row) row.parentNode.removeChild(row);
        break;
      case "notification":
        var current = parseInt(bell && bell.getAttribute("data-notification-count"), 10) || 0;
        if (message.event === "notification") {
          setNotificationCount(current + 1);
          announce(T.notification);
        } else if (message.event === "notifications_read") {
          setNotificationCount(current - (message.count || 0));
        }
        break;
      case "reply_ok":
        replyDone(message);
        break;
      case "unsubscribed":
        if (message.message) status(message.message);
        break;
      case "error":
        // The sequence fetches what the catch-up did not send: no reload needed.
        if (message.code === "too_far_behind") break;
        if (pendingReply && message.ref === pendingReply.ref) {
          // The privacy guard warned: offer the confirmation box (moderation).
          if (message.code === "privacy_check_required") privacyConfirm(true);
          replyFailed(message.message);
        }
        else status(message.message);
        break;
    }
  }

  // --- the reply form over the socket -----------------------------------------------

  function privacyConfirm(show) {
    var box = form && form.querySelector("[data-privacy-confirm]");
    if (!box) return;
    box.hidden = !show;
    if (!show) box.querySelector("input").checked = false;
  }

  function replyDone(message) {
    if (!pendingReply || message.ref !== pendingReply.ref) return;
    privacyConfirm(false);
    var textarea = form.querySelector("textarea[name=body]");
    // Clear only what was sent: whatever was typed after sending stays.
    if (textarea.value === pendingReply.body) textarea.value = "";
    var quoted = form.querySelector("[name=quoted]");
    if (quoted) quoted.value = "";
    finishReply();
    announce(T.sent);
  }

  function replyFailed(text) {
    replyError(text || T.sendFailed);
    finishReply();
  }

  function failPendingReply() {
    if (pendingReply) replyFailed(T.sendFailed);
  }

  function finishReply() {
    if (pendingReply) window.clearTimeout(pendingReply.timer);
    pendingReply = null;
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = false;
  }

  if (form && thread) {
    form.addEventListener("submit", function (event) {
      if (!socket || socket.readyState !== WebSocket.OPEN || pendingReply) return; // normal POST
      var textarea = form.querySelector("textarea[name=body]");
      var quoted = form.querySelector("[name=quoted]");
      var ref = "reply-" + nextRef++;
      var message = {
        action: "reply",
        topic: "thread:" + thread.getAttribute("data-thread-id"),
        body: textarea.value,
        ref: ref
      };
      if (quoted && /^\d+$/.test(quoted.value)) message.quote = parseInt(quoted.value, 10);
      var confirmBox = form.querySelector("[name=confirm_privacy]");
      if (confirmBox && confirmBox.checked) message.confirm_privacy = true;
      if (!send(message)) return;
      event.preventDefault();
      replyError("");
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      pendingReply = {
        ref: ref,
        body: textarea.value,
        timer: window.setTimeout(function () { replyFailed(T.sendFailed); }, 15000)
      };
    });
  }

  if (readersNode) readersNode.setAttribute("aria-live", "polite");
  connect();
})();
