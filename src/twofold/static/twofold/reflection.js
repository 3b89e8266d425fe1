// Quiet reflection: the sitting timer. Loaded with defer; no inline script (the CSP forbids it).
//
// Time is kept from a deadline (Date.now() + what is left), never by counting ticks, so the
// countdown stays right when the phone locks or the tab sleeps. A pause stores what is left.
(function () {
  "use strict";

  var audio = null; // an AudioContext, made during a tap so that it may sound later
  var wakeLock = null;
  var current = null; // the running timer on this page, if any
  var BELL_SECONDS = 6;

  function announce(text) {
    var region = document.querySelector("[data-announce]");
    if (!region || !text) return;
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 60); // a change, so it is read again
  }

  function clock(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // --- sound: a soft bell made here (a sine tone with a slow exponential decay); nothing fetched

  function prepareAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    try {
      if (!audio) audio = new Context();
      if (audio.state === "suspended") audio.resume().catch(function () {});
      // A silent sound during the tap: some browsers only allow sound later after one.
      var source = audio.createBufferSource();
      source.buffer = audio.createBuffer(1, 1, 22050);
      source.connect(audio.destination);
      source.start(0);
    } catch (e) {
      audio = null;
    }
    return audio;
  }

  function bell() {
    var context = audio || prepareAudio();
    if (!context || context.state !== "running") return;
    var start = context.currentTime + 0.05;
    // A low fundamental and one quiet, bell-like overtone.
    [[392, 0.2], [392 * 2.76, 0.035]].forEach(function (partial) {
      var tone = context.createOscillator();
      var gain = context.createGain();
      tone.type = "sine";
      tone.frequency.value = partial[0];
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(partial[1], start + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + BELL_SECONDS);
      tone.connect(gain);
      gain.connect(context.destination);
      tone.start(start);
      tone.stop(start + BELL_SECONDS + 0.1);
    });
  }

  // --- keep the screen awake while the timer runs, where the browser allows it

  function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible" || wakeLock) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { if (wakeLock === lock) wakeLock = null; });
      if (!current || !current.running()) letSleep();
    }).catch(function () { /* not allowed here: the timer works all the same */ });
  }

  function letSleep() {
    if (wakeLock) {
      var lock = wakeLock;
      wakeLock = null;
      lock.release().catch(function () {});
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (!current || document.visibilityState !== "visible") return;
    if (current.running()) keepAwake(); // the browser let go of the lock while hidden
    current.tick();
  });

  // --- the timer

  function Timer(section) {
    var storeKey = "tf-reflect-" + section.dataset.sitting;
    var planned = Number(section.dataset.plannedMs);
    var display = section.querySelector("[data-countdown]");
    var pause = section.querySelector("[data-pause]");
    var resume = section.querySelector("[data-resume]");
    var form = section.querySelector("[data-finish-form]");
    var endButton = section.querySelector("[data-end]");
    var sound = section.hasAttribute("data-sound");
    var state = restore() || { endAt: Date.now() + Number(section.dataset.remainingMs), left: null };
    var timeout = null;
    var finished = false;

    function restore() {
      try { return JSON.parse(sessionStorage.getItem(storeKey)); } catch (e) { return null; }
    }
    function save() {
      try { sessionStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* storage off */ }
    }
    function remaining() {
      return state.left !== null ? state.left : state.endAt - Date.now();
    }
    function running() {
      return !finished && state.left === null;
    }
    function show() {
      pause.hidden = !running();
      resume.hidden = finished || running();
      section.classList.toggle("running", running());
      section.classList.toggle("paused", !finished && !running());
    }

    function tick() {
      clearTimeout(timeout);
      if (finished) return;
      var left = remaining();
      display.textContent = clock(left);
      if (left <= 0) { end(left); return; }
      // Wake just after the shown second changes; the deadline decides what is shown.
      if (running()) timeout = setTimeout(tick, (left % 1000 || 1000) + 20);
    }

    function end(left) {
      finished = true;
      show();
      letSleep();
      display.textContent = clock(0);
      announce(section.dataset.done);
      section.querySelectorAll("[data-ends-at]").forEach(function (line) {
        line.textContent = section.dataset.done;
        line.hidden = false;
      });
      endButton.textContent = section.dataset.continue;
      var late = -left > 60000; // back long after the end: no bell now
      if (sound && !late) bell();
      // Let the bell fade before moving on to the note.
      setTimeout(submit, sound && !late ? BELL_SECONDS * 1000 : 1500);
    }

    function submit() {
      if (form.dataset.sent) return;
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }

    pause.addEventListener("click", function () {
      if (!running()) return;
      state.left = Math.max(0, remaining());
      save();
      letSleep();
      show();
      tick();
      announce(section.dataset.paused);
      resume.focus();
    });

    resume.addEventListener("click", function () {
      if (finished || running()) return;
      if (sound) prepareAudio();
      state.endAt = Date.now() + state.left;
      state.left = null;
      save();
      keepAwake();
      show();
      tick();
      announce(section.dataset.resumed);
      pause.focus();
    });

    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
      // The minutes actually sat, pauses left out; at least one.
      var sat = planned - Math.max(0, finished ? 0 : remaining());
      form.querySelector("[data-minutes]").value = String(Math.max(1, Math.round(sat / 60000)));
      finished = true;
      clearTimeout(timeout);
      letSleep();
      try { sessionStorage.removeItem(storeKey); } catch (e) { /* storage off */ }
      endButton.setAttribute("aria-busy", "true");
    });

    section.querySelectorAll("[data-ends-at]").forEach(function (line) { line.hidden = true; }); // pauses move it
    save();
    show();
    if (running()) keepAwake();
    tick();
    return { running: running, tick: tick };
  }

  function startTimers(root, fromSwap) {
    var section = root.matches && root.matches("[data-sitting]") ? root : root.querySelector("[data-sitting]");
    if (!section || section.dataset.ready) return;
    section.dataset.ready = "1";
    current = Timer(section);
    if (fromSwap) {
      announce(section.dataset.begun);
      var heading = section.querySelector("h2");
      if (heading) heading.focus();
    }
  }

  // --- the setup form

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-start-form]")) return;
    var sound = form.querySelector("input[name=sound]");
    if (sound && sound.checked) prepareAudio(); // during the tap, so that the bell may ring later
  }, true);

  // Typing a length picks "another length"; picking a set length clears what was typed.
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field.matches("[data-custom-minutes]")) {
      var custom = field.form.querySelector("input[name=length][value=custom]");
      if (custom) custom.checked = true;
    } else if (field.matches("input[name=length]") && field.value !== "custom") {
      var typed = field.form.querySelector("[data-custom-minutes]");
      if (typed) typed.value = "";
    }
  });

  // A refused start (400) shows the form again with its messages, in place.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (event.detail.xhr.status === 400 && source && source.matches("[data-start-form]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var invalid = event.detail.target.querySelector("[aria-invalid=true]");
    if (invalid) invalid.focus();
  });

  document.addEventListener("htmx:load", function (event) { startTimers(event.detail.elt, true); });
  document.addEventListener("DOMContentLoaded", function () { startTimers(document, false); });
})();
