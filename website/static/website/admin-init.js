// Starts the Wagtail admin widgets that Wagtail would start with an inline script, which
// the site's Content-Security-Policy forbids (website/admin_csp.py). Each such widget
// renders <span hidden data-sd-init="Name" [data-sd-new] data-sd-args="[...]"> (or
// data-sd-id / data-sd-config); this calls [new] window.Name(...args) once per element:
// those in the page as it is parsed, and those added later (new inline forms, modals).
(function () {
  "use strict";

  function resolve(name) {
    return name.split(".").reduce(function (scope, part) {
      return scope == null ? undefined : scope[part];
    }, window);
  }

  function argsOf(el) {
    if (el.hasAttribute("data-sd-args")) {
      return JSON.parse(el.getAttribute("data-sd-args"));
    }
    var args = [];
    if (el.hasAttribute("data-sd-id")) {
      args.push(el.getAttribute("data-sd-id"));
    }
    if (el.hasAttribute("data-sd-config")) {
      args.push(JSON.parse(el.getAttribute("data-sd-config")));
    }
    return args;
  }

  function start(el) {
    if (el.sdStarted || el.closest("template")) {
      return;
    }
    // An empty form's template row (its ids hold __prefix__) is started once copied.
    var args = argsOf(el);
    if (typeof args[0] === "string" && args[0].indexOf("__prefix__") !== -1) {
      return;
    }
    var fn = resolve(el.getAttribute("data-sd-init"));
    if (typeof fn !== "function") {
      console.error("admin-init: no function " + el.getAttribute("data-sd-init"));
      return;
    }
    el.sdStarted = true;
    if (el.hasAttribute("data-sd-new")) {
      new (Function.prototype.bind.apply(fn, [null].concat(args)))();
    } else {
      fn.apply(null, args);
    }
  }

  function scan(root) {
    if (root.nodeType !== 1) {
      return;
    }
    if (root.matches("[data-sd-init]")) {
      start(root);
    }
    root.querySelectorAll("[data-sd-init]").forEach(start);
  }

  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(scan);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  scan(document.documentElement);
})();
