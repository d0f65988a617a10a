// unknot: on /settings, offer this device's time zone (the page works without this file).
"use strict";

(function () {
  var field = document.getElementById("time_zone-input");
  var box = document.getElementById("time_zone-suggest");
  var button = document.getElementById("time_zone-use");
  if (!field || !box || !button || !window.Intl) {
    return;
  }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === field.value) {
    return;
  }
  button.textContent = "Use this device's time zone (" + zone + ")";
  box.hidden = false;
  button.addEventListener("click", function () {
    field.value = zone;
    box.hidden = true;
    field.focus();
  });
})();
