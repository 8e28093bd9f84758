// Reload the story's page once the worker's anonymisation assistant has read the new text.
(function () {
  const busy = document.querySelector("[data-state-url]");
  if (!busy) return;
  const url = busy.dataset.stateUrl;
  let tries = 0;
  async function poll() {
    tries += 1;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (response.ok && (await response.json()).analysed) {
        window.location.reload();
        return;
      }
    } catch (error) {
      // The network hiccuped: try again below.
    }
    window.setTimeout(poll, Math.min(1000 + tries * 250, 5000));
  }
  window.setTimeout(poll, 800);
})();
