/* The queue's "select all on this page" box ticks or clears every row's box (and follows them back). */
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var all = e.target.closest("[data-pick-all]");
    var form = e.target.form;
    if (!form) { return; }
    var name = all ? all.getAttribute("data-pick-all") : e.target.name;
    var boxes = form.querySelectorAll("input[type=checkbox][name='" + name + "']");
    var head = form.querySelector("[data-pick-all='" + name + "']");
    if (!head || !boxes.length) { return; }
    if (all) {
      boxes.forEach(function (b) { b.checked = all.checked; });
    } else {
      var ticked = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
      head.checked = ticked === boxes.length;
      head.indeterminate = ticked > 0 && ticked < boxes.length;
    }
  });
}());
