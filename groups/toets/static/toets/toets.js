/* Live tallies of an uitvoeringstoets over the page's one socket (/ws/, topic "toets:<id>").
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

  // One WebSocket per tab: the page's socket (live.js, groups/includes/live.html) carries
  // this topic too. It subscribes every topic in window.samendenkLiveTopics on each
  // (re)connect; the event asks it to subscribe now if the socket is already open.
  var root = document.getElementById("toets");
  document.addEventListener("samendenk:live", function (event) {
    var message = event.detail || {};
    if (message.topic !== topic) return;
    if (message.type === "tally") setTally(message.article_id, message.tallies);
    if (message.type === "subscribed") root.setAttribute("data-live", "on");
  });
  document.addEventListener("samendenk:live-lost", function () {
    root.setAttribute("data-live", "off");
  });
  var topics = window.samendenkLiveTopics = window.samendenkLiveTopics || [];
  if (topics.indexOf(topic) === -1) topics.push(topic);
  document.dispatchEvent(new CustomEvent("samendenk:live-subscribe", { detail: { topic: topic } }));
})();
