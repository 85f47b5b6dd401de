// Behaviour every page shares, kept out of the HTML so that the Content Security Policy allows no inline script.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.id === "lang-select" && target.form) target.form.submit();
  });
  // A form marked data-reset-on-success is emptied once htmx has posted it successfully.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (form && form.matches && form.matches("form[data-reset-on-success]") && event.detail.successful) form.reset();
  });
})();
