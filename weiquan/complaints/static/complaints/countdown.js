/* Live countdowns: every <time data-deadline="ISO"> shows the time left (or overdue, in red), updated each second.
   Labels come from data-left / data-over / data-day so that the page's language is used. */
(function () {
  "use strict";
  if (window.weiquanCountdown) { return; }
  window.weiquanCountdown = true;
  var DAY = 86400;

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function render(el, now) {
    var due = Date.parse(el.getAttribute("data-deadline"));
    if (isNaN(due)) { return; }
    var diff = Math.round((due - now) / 1000);
    var over = diff < 0;
    var s = Math.abs(diff);
    var days = Math.floor(s / DAY); s %= DAY;
    var h = Math.floor(s / 3600); s %= 3600;
    var m = Math.floor(s / 60); s %= 60;
    var label = over ? (el.getAttribute("data-over") || "-") : (el.getAttribute("data-left") || "");
    var text = label + " " + (days ? days + (el.getAttribute("data-day") || "d") + " " : "") + pad(h) + ":" + pad(m) + ":" + pad(s);
    if (el.textContent !== text) { el.textContent = text; }
    el.classList.toggle("overdue", over);
    el.classList.toggle("due-today", !over && diff < DAY);
  }

  function tick() {
    var now = Date.now();
    var items = document.querySelectorAll("time[data-deadline]");
    for (var i = 0; i < items.length; i++) { render(items[i], now); }
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", tick); } else { tick(); }
  window.setInterval(tick, 1000);
})();
