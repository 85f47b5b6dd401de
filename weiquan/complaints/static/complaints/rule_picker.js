/* The decision form's rule picker: typing in its search box asks the server which rules match (law name, article,
   words or rule ID) and hides the others; ticked rules always stay in view. */
(function () {
  "use strict";
  var timer = null;
  function filter(picker, ids) {
    var shown = 0;
    picker.querySelectorAll("[data-rule]").forEach(function (row) {
      var box = row.querySelector("input[type=checkbox]");
      var visible = ids === null || ids.indexOf(row.getAttribute("data-rule")) >= 0 || (box && box.checked);
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    var none = picker.querySelector("[data-rule-none]");
    if (none) { none.hidden = shown > 0; }
  }
  document.addEventListener("input", function (e) {
    var input = e.target.closest("[data-rule-search]");
    if (!input) { return; }
    var picker = input.closest("[data-rule-picker]");
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      if (!q) { filter(picker, null); return; }
      fetch(picker.getAttribute("data-search-url") + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.json() : {ids: []}; })
        .then(function (data) { if (input.value.trim() === q) { filter(picker, data.ids); } });
    }, 150);
  });
  document.addEventListener("keydown", function (e) {
    // Enter in the search box filters; it must not submit the decision.
    if (e.key === "Enter" && e.target.closest("[data-rule-search]")) { e.preventDefault(); }
  });
}());
