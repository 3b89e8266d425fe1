// The journal editor: keeps a sealed draft on the server while the person types.
// Unsaved text lives only in this page (never in localStorage: phones are shared).
(function () {
  "use strict";

  const SAVE_EVERY_MS = 3000; // at most one save every few seconds while typing
  const RETRY_MS = 8000; // offline or failed: try again

  // Confirm destructive forms (discarding unsaved text) before they are sent.
  document.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  function messages() {
    const texts = {};
    const template = document.getElementById("draft-messages");
    if (template) {
      template.content.querySelectorAll("[data-key]").forEach(function (node) {
        texts[node.dataset.key] = node.textContent.trim();
      });
    }
    return texts;
  }

  function editor(form) {
    const status = document.getElementById("draft-status");
    const texts = messages();
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    let timer = null;
    let dirty = false;
    let sending = false;
    let closing = false;
    let shown = "";

    function say(text) {
      if (text && text !== shown) {
        status.textContent = text;
        shown = text;
      }
    }

    function later(delay) {
      if (!timer && !closing) {
        timer = setTimeout(function () { timer = null; save(); }, delay);
      }
    }

    function save() {
      if (!dirty || closing) return;
      if (sending) { later(1000); return; }
      if (navigator.onLine === false) { say(texts.offline); later(RETRY_MS); return; }
      sending = true;
      dirty = false;
      fetch(form.dataset.draftUrl, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-CSRFToken": token, "Accept": "application/json" },
        credentials: "same-origin",
        redirect: "manual" // a redirect means the journal locked itself
      }).then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 403) {
          dirty = true;
          say(texts.locked);
          later(RETRY_MS * 2);
          return null;
        }
        if (response.status >= 500) { throw new Error("server"); }
        return response.json().then(function (data) {
          say(data.message); // saved at…, or why not (too long): the text stays either way
        });
      }).catch(function () {
        dirty = true;
        say(navigator.onLine === false ? texts.offline : texts.failed);
        later(RETRY_MS);
      }).finally(function () {
        sending = false;
      });
    }

    form.addEventListener("input", function () {
      dirty = true;
      later(SAVE_EVERY_MS);
    });
    window.addEventListener("offline", function () { if (dirty) say(texts.offline); });
    window.addEventListener("online", function () {
      if (dirty) { clearTimeout(timer); timer = null; save(); }
    });

    // Captured before app.js's own submit handler, so an offline submit keeps the page as is.
    document.addEventListener("submit", function (event) {
      if (event.target !== form) return;
      if (navigator.onLine === false) {
        event.preventDefault();
        event.stopImmediatePropagation();
        say(texts["offline-submit"]);
        return;
      }
      closing = true; // the entry itself is being saved: no late draft after it
      clearTimeout(timer);
    }, true);

    // A gentle count once the body nears its limit.
    const body = form.querySelector("textarea[data-limit]");
    const counter = document.getElementById("body-count");
    if (body && counter) {
      const limit = parseInt(body.dataset.limit, 10);
      const update = function () {
        const over = body.value.length - limit;
        counter.hidden = body.value.length < limit * 0.9;
        counter.textContent = over > 0
          ? counter.dataset.over.replace("%s", over.toLocaleString())
          : counter.dataset.left.replace("%s", (limit - body.value.length).toLocaleString());
      };
      body.addEventListener("input", update);
      update();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("journal-editor");
    if (form && form.dataset.draftUrl) editor(form);
  });
})();
