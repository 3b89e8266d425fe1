// Feelings check-in: after a word is tapped, bring the "how strongly" buttons into view, so the
// third tap is right under the thumb. Works without it too: the page is a plain form.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    if (!event.target.matches(".checkin-form input[name=word]")) return;
    const buttons = document.querySelector("[data-intensity]");
    if (!buttons) return;
    const calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    buttons.scrollIntoView({ behavior: calm ? "auto" : "smooth", block: "nearest" });
  });
})();
