// Twofold's small amount of page behaviour. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  // Quick exit: replace this page with a neutral site, so that Back does not return here.
  function quickExit() {
    const target = document.body.dataset.quickExitUrl || "about:blank";
    try { sessionStorage.clear(); } catch (e) { /* storage may be disabled */ }
    document.body.hidden = true;
    window.location.replace(target);
  }

  document.addEventListener("click", function (event) {
    const exit = event.target.closest("[data-quick-exit]");
    if (exit) { event.preventDefault(); quickExit(); return; }
    const download = event.target.closest("[data-download]");
    if (download) {
      const source = document.querySelector(download.dataset.download);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([source.value + "\n"], { type: "text/plain" }));
      link.download = download.dataset.filename || "twofold.txt";
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      return;
    }
    if (event.target.closest("[data-print]")) { window.print(); return; }
    const copy = event.target.closest("[data-copy]");
    if (copy) {
      const field = document.querySelector(copy.dataset.copy);
      if (!field) return;
      field.select();
      const done = function () {
        const label = copy.textContent;
        copy.textContent = copy.dataset.copied || "Copied";
        setTimeout(function () { copy.textContent = label; }, 2000);
      };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(done, function () {});
      } else {
        document.execCommand("copy");
        done();
      }
    }
  });

  // Escape pressed twice within a second does the same as the quick-exit button.
  let lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !document.body.hasAttribute("data-signed-in")) return;
    const now = Date.now();
    if (now - lastEscape < 1000) { quickExit(); }
    lastEscape = now;
  });

  // Sign-up: tell the server the person's timezone, so times are right from the start.
  document.addEventListener("DOMContentLoaded", function () {
    const zone = document.querySelector("input[name=timezone][type=hidden]");
    if (zone && !zone.value) {
      try { zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* keep UTC */ }
    }
    // Forms: stop a second submit while the first is on its way.
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function () {
        if (form.dataset.submitting) { return; }
        form.dataset.submitting = "1";
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.setAttribute("aria-busy", "true");
          setTimeout(function () { button.disabled = true; }, 0);
        });
      });
    });
  });

  if ("serviceWorker" in navigator && window.isSecureContext) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    });
  }
})();
