// unknot: the session player of /today. Without this file the page still lists the day's
// exercises and asks the log questions. With it, a timer guides every hold, set, side and
// rest: a large countdown, a short sound and a spoken-word announcement at each change,
// pause and skip, the screen kept awake. Afterwards it fills in the sets done for the log.
// A log made offline is kept on this device and sent when the connection is back.
"use strict";

(function () {
  var QUEUE_KEY = "unknot-queued-session-logs";
  var form = document.getElementById("session-form");
  var status = document.getElementById("queue-status");

  // --- the log: sent now, or kept until the device is online again ------------------------

  function say(text) {
    if (status) {
      status.textContent = text;
      status.hidden = !text;
    }
  }

  function queued() {
    try {
      return JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]");
    } catch (error) {
      return [];
    }
  }

  function keep(list) {
    try {
      if (list.length) {
        window.localStorage.setItem(QUEUE_KEY, JSON.stringify(list));
      } else {
        window.localStorage.removeItem(QUEUE_KEY);
      }
      return true;
    } catch (error) {
      return false;
    }
  }

  function post(body) {
    return window.fetch("/today", {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
  }

  function saved(response) {
    return response.ok && response.url.indexOf("/today?saved=") !== -1;
  }

  function queue(body, date) {
    var list = queued();
    list.push({ body: body, date: date });
    if (keep(list)) {
      say("You are offline. Your session of " + date + " is kept on this device and will " +
        "be sent when you are back online (open this page again then).");
    } else {
      say("You are offline and this browser cannot keep the log. Please send it again " +
        "when you are back online.");
    }
  }

  function flush() {
    var list = queued();
    if (!list.length || !navigator.onLine) {
      return;
    }
    var first = list[0];
    post(first.body).then(function (response) {
      if (saved(response)) {
        keep(queued().slice(1));
        say("Your session of " + first.date + ", kept on this device while you were " +
          "offline, has now been saved.");
        flush();
      } else {
        say("A session log kept on this device could not be sent (answer " + response.status +
          "). Sign in, then open this page again to send it.");
      }
    }).catch(function () {
      // Still offline: try again later.
    });
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = new URLSearchParams(new FormData(form)).toString();
      var date = form.elements.namedItem("date").value;
      if (!navigator.onLine) {
        queue(body, date);
        return;
      }
      post(body).then(function (response) {
        if (saved(response)) {
          window.location.assign(response.url);
        } else {
          form.submit(); // let the browser show what needs fixing
        }
      }).catch(function () {
        queue(body, date);
      });
    });
  }
  window.addEventListener("online", flush);
  flush();

  // --- the player ---------------------------------------------------------------------------

  var player = document.getElementById("player");
  var startBox = document.getElementById("player-start-box");
  if (!player || !startBox) {
    return;
  }
  var steps = JSON.parse(player.getAttribute("data-steps") || "[]");
  var speed = parseFloat(player.getAttribute("data-speed")) || 1;
  if (!steps.length) {
    return;
  }
  function $(id) {
    return document.getElementById(id);
  }
  var ui = {
    progress: $("player-progress"), name: $("player-name"), media: $("player-media"),
    step: $("player-step"), countdown: $("player-countdown"), detail: $("player-detail"),
    fill: $("player-fill"), next: $("player-next"), pause: $("player-pause"),
    skip: $("player-skip"), end: $("player-end"), how: $("player-steps"),
    announce: $("player-announce"), done: $("log-done"), logHeading: $("log-heading"),
  };
  var items = 1 + steps.reduce(function (most, step) { return Math.max(most, step.item); }, 0);
  var sides = {};
  steps.forEach(function (step) {
    if (step.kind === "work") {
      sides[step.item] = step.side ? 2 : 1;
    }
  });

  var index = -1;
  var remaining = 0;
  var paused = false;
  var running = false;
  var last = 0;
  var timer = null;
  var shownItem = -1;
  var skipped = {};
  var workDone = {};
  var audio = null;
  var wakeLock = null;

  function beep(frequency, count) {
    if (!audio) {
      return;
    }
    var start = audio.currentTime + 0.01;
    for (var n = 0; n < count; n += 1) {
      var oscillator = audio.createOscillator();
      var gain = audio.createGain();
      var at = start + n * 0.22;
      oscillator.frequency.value = frequency;
      oscillator.connect(gain);
      gain.connect(audio.destination);
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.16);
      oscillator.start(at);
      oscillator.stop(at + 0.18);
    }
  }

  function keepAwake() {
    if (!("wakeLock" in navigator) || wakeLock) {
      return;
    }
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () {
      // Not allowed here (battery saver, an old browser): the timer works without it.
    });
  }

  function letSleep() {
    if (wakeLock) {
      wakeLock.release().catch(function () {});
      wakeLock = null;
    }
  }

  function announce(text) {
    ui.announce.textContent = "";
    window.setTimeout(function () { ui.announce.textContent = text; }, 30);
  }

  function clockText(seconds) {
    var whole = Math.max(0, Math.ceil(seconds - 1e-6));
    var minutes = Math.floor(whole / 60);
    var rest = whole % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function secondsText(seconds) {
    if (seconds >= 60 && seconds % 60 === 0) {
      return seconds / 60 + (seconds === 60 ? " minute" : " minutes");
    }
    return seconds + " seconds";
  }

  function nextIndex(from) {
    var n = from;
    while (n < steps.length && skipped[steps[n].item]) {
      n += 1;
    }
    return n;
  }

  function showItem(step) {
    if (step.item === shownItem) {
      return;
    }
    shownItem = step.item;
    var card = $("item-" + step.item);
    ui.media.textContent = "";
    ui.how.textContent = "";
    if (card) {
      var picture = card.querySelector("picture");
      if (picture) {
        ui.media.appendChild(picture.cloneNode(true));
      }
      var list = card.querySelector("ol.steps");
      if (list) {
        ui.how.appendChild(list.cloneNode(true));
      }
    }
    ui.progress.textContent = "Exercise " + (step.item + 1) + " of " + items;
    ui.name.textContent = step.name;
  }

  function render() {
    var step = steps[index];
    var elapsed = step.seconds - remaining;
    ui.countdown.textContent = clockText(remaining);
    var parts = [];
    if (step.kind === "work" && step.reps && step.perRep) {
      parts.push("Rep " + Math.min(step.reps, Math.floor(Math.max(elapsed, 0) / step.perRep) + 1) +
        " of " + step.reps);
    }
    if (step.side) {
      parts.push(step.side + " side");
    }
    if (step.kind !== "ready") {
      parts.push("set " + step.set + " of " + step.sets);
    }
    ui.detail.textContent = paused ? "Paused" : parts.join(" · ");
    var share = step.seconds ? Math.min(1, Math.max(0, elapsed / step.seconds)) : 1;
    ui.fill.style.transform = "scaleX(" + share.toFixed(3) + ")";
  }

  function describeNext(from) {
    var n = nextIndex(from);
    if (n >= steps.length) {
      return "Next: the end of the session";
    }
    var step = steps[n];
    if (step.kind === "rest") {
      return "Next: rest for " + secondsText(step.seconds);
    }
    if (step.kind === "switch") {
      return "Next: change sides";
    }
    if (step.kind === "ready") {
      return "Next: " + step.name;
    }
    return "Next: " + step.label;
  }

  function begin(n) {
    index = nextIndex(n);
    if (index >= steps.length) {
      finish(false);
      return;
    }
    var step = steps[index];
    remaining = step.seconds;
    showItem(step);
    ui.step.textContent = step.label;
    ui.next.textContent = describeNext(index + 1);
    player.setAttribute("data-kind", step.kind);
    if (step.kind === "work") {
      beep(880, 2);
    } else {
      beep(587, 1);
    }
    var words = step.label + ". " + secondsText(step.seconds) + ".";
    if (step.kind === "ready") {
      words = "Exercise " + (step.item + 1) + " of " + items + ". " + words;
    }
    announce(words);
    render();
  }

  function completed(step) {
    if (step.kind === "work") {
      var key = step.item + ":" + step.set;
      workDone[key] = (workDone[key] || 0) + 1;
    }
  }

  function tick() {
    var now = window.performance.now();
    var passed = (now - last) / 1000 * speed;
    last = now;
    if (paused || !running) {
      return;
    }
    remaining -= passed;
    while (running && remaining <= 1e-6) {
      var over = -remaining;
      completed(steps[index]);
      begin(index + 1);
      if (running) {
        remaining -= over;
      }
    }
    if (running) {
      render();
    }
  }

  function setsDone(item) {
    var count = 0;
    steps.forEach(function (step) {
      if (step.item === item && step.kind === "work" && step.side !== "right" &&
          (workDone[item + ":" + step.set] || 0) >= (sides[item] || 1)) {
        count += 1;
      }
    });
    return count;
  }

  function finish(early) {
    running = false;
    window.clearInterval(timer);
    letSleep();
    beep(880, 3);
    var full = 0;
    for (var item = 0; item < items; item += 1) {
      var field = $("sets-" + item + "-input");
      var sets = setsDone(item);
      if (field) {
        field.value = String(sets);
        if (sets === Number(field.getAttribute("data-sets"))) {
          full += 1;
        }
      }
    }
    player.hidden = true;
    var summary = (early ? "Session ended early. " : "Session finished. ") + "You did " +
      full + " of " + items + " exercises in full. The sets done are filled in below.";
    ui.done.textContent = summary;
    ui.done.hidden = false;
    ui.logHeading.scrollIntoView({ block: "start" });
    ui.logHeading.focus();
    announce(summary + " Now say how your pain is and how hard it felt, then save.");
  }

  function start() {
    if (running) {
      return;
    }
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) {
      try {
        audio = new Context();
      } catch (error) {
        audio = null;
      }
    }
    keepAwake();
    startBox.hidden = true;
    player.hidden = false;
    running = true;
    paused = false;
    last = window.performance.now();
    begin(0);
    timer = window.setInterval(tick, 100);
    player.scrollIntoView({ block: "start" });
    ui.name.focus();
  }

  ui.pause.addEventListener("click", function () {
    paused = !paused;
    last = window.performance.now();
    ui.pause.textContent = paused ? "Resume" : "Pause";
    ui.pause.setAttribute("aria-pressed", paused ? "true" : "false");
    announce(paused ? "Paused." : "Going again.");
    if (paused) {
      letSleep();
    } else {
      keepAwake();
    }
    render();
  });
  ui.skip.addEventListener("click", function () {
    var step = steps[index];
    skipped[step.item] = true;
    announce("Skipped " + step.name + ".");
    begin(index + 1);
  });
  ui.end.addEventListener("click", function () {
    finish(true);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && running && !paused) {
      keepAwake();
    }
  });
  $("player-start").addEventListener("click", start);
  startBox.hidden = false;
})();
