/* Live tallies of an uitvoeringstoets over the socket (/ws/, topic "toets:<id>").
 *
 * Only the tally blocks change (count, share, bar width, total): the rating forms and any
 * half-written reason are never touched. Without JavaScript, or while the socket is down,
 * the page shows the tallies as they were when it was loaded; a reload brings them up to date.
 * The server sends a tally only to readers who may see it (after their own rating).
 */
(function () {
  "use strict";

  var configNode = document.getElementById("toets-config");
  if (!configNode || !("WebSocket" in window)) return;
  var config = JSON.parse(configNode.textContent);
  var topic = "toets:" + config.toets;
  var attempt = 0;

  function setTally(articleId, tallies) {
    var block = document.querySelector('[data-tally="' + articleId + '"]');
    if (!block) return;
    var total = 0;
    Object.keys(tallies).forEach(function (key) { total += tallies[key]; });
    Object.keys(tallies).forEach(function (key) {
      var bar = block.querySelector('[data-value="' + key + '"]');
      if (!bar) return;
      var share = total ? Math.round((100 * tallies[key]) / total) : 0;
      bar.querySelector("[data-count]").textContent = String(tallies[key]);
      bar.querySelector("[data-share]").textContent = String(share);
      var fill = bar.querySelector(".toets-bar-fill");
      if (fill) fill.style.width = share + "%";
    });
    var totalNode = block.querySelector("[data-total]");
    if (totalNode) totalNode.textContent = String(total);
    block.hidden = false;
    block.setAttribute("data-updated", String(Date.now()));
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/");
    socket.onopen = function () {
      attempt = 0;
      socket.send(JSON.stringify({ action: "subscribe", topic: topic }));
    };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.topic !== topic) return;
      if (message.type === "tally") setTally(message.article_id, message.tallies);
      if (message.type === "subscribed") document.getElementById("toets").setAttribute("data-live", "on");
    };
    socket.onclose = function (event) {
      document.getElementById("toets").setAttribute("data-live", "off");
      if (event.code === 4001 || event.code === 4003) return;
      attempt += 1;
      var ceiling = Math.min(30000, 1000 * Math.pow(2, attempt));
      window.setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
    };
  }

  connect();
})();
