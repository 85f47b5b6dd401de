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
  // A field marked data-pii-warn="<hint id>" shows that hint while its text looks like someone's phone, ID or card
  // number or e-mail address. Only a hint: the server masks such data for the merchant whatever is typed.
  var PII = [/(^|\D)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/, /(^|\D)\d{17}[\dXx](?![\dXx])/,
             /(^|\D)\d{16,19}(?!\d)/, /[\w.+-]+@[\w-]+\.[A-Za-z]{2,}/];
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!field || !field.getAttribute) return;
    var hintId = field.getAttribute("data-pii-warn");
    var hint = hintId && document.getElementById(hintId);
    if (!hint) return;
    var value = field.value || "";
    hint.hidden = !PII.some(function (pattern) { return pattern.test(value); });
  });
})();
