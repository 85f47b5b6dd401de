/* The reply picker: choosing a canned reply puts its text, already filled from the case, into the message box.
   Text the worker already typed is replaced only after they confirm. */
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var select = e.target.closest("[data-canned-select]");
    if (!select) { return; }
    var option = select.options[select.selectedIndex];
    var box = document.getElementById(select.getAttribute("data-target"));
    var text = option ? option.getAttribute("data-body") : null;
    if (!box || !text) { return; }
    if (box.value.trim() && box.value !== text && !window.confirm(select.getAttribute("data-confirm") || "")) { return; }
    box.value = text;
    box.focus();
  });
}());
