/* The analytics filters' store and product boxes: as staff type, the names that match are offered in the box's list
   (asked from the server, a few at a time). */
(function () {
  "use strict";
  var timers = {};
  document.addEventListener("input", function (e) {
    var box = e.target.closest("input[data-suggest]");
    if (!box) { return; }
    var list = document.getElementById(box.getAttribute("list"));
    clearTimeout(timers[box.id]);
    timers[box.id] = setTimeout(function () {
      var q = box.value.trim();
      if (!q || !list) { return; }
      fetch(box.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : {names: []}; })
        .then(function (data) {
          list.textContent = "";
          data.names.forEach(function (name) {
            var option = document.createElement("option");
            option.value = name;
            list.appendChild(option);
          });
        });
    }, 200);
  });
}());
