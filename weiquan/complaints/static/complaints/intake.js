/* Phone intake: "采用建议" sets the category to the one the triage model suggests (the agent may still change it). */
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-apply-category]");
    if (!button) { return; }
    var select = document.getElementById("id_category");
    if (select) { select.value = button.getAttribute("data-apply-category"); select.focus(); }
  });
}());
