/* The filing wizard: one form shown one step at a time (without this script every step shows and the form posts
   as a whole, files included). On submit the complaint is created first, then each evidence file is uploaded to it
   with its own progress bar, then the browser goes to the new complaint. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-wizard]");
  if (!form) { return; }
  var steps = Array.prototype.slice.call(form.querySelectorAll(".wizard-step"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("[data-steps] li"));
  var errorsBox = document.getElementById("wizard-errors");
  var progress = document.getElementById("wizard-progress");
  var amount = document.getElementById("wz-amount");
  var zone = window.WeiquanUpload ? window.WeiquanUpload.zone(form.querySelector("[data-dropzone]").parentNode, form) : null;
  var FIELD_STEP = { order: 0, line_ids: 0, merchant: 0, listing: 0, category: 1, problem: 1, remedies_wanted: 2, amount_claimed: 2,
                     title: 3, description: 3, file: 4 };
  var current = 0;
  var groups = Array.prototype.slice.call(form.querySelectorAll("[data-group]"));

  // Only the questions the chosen problem raises show (the server reads only those, too).
  function showQuestions() {
    var chosen = form.querySelector("input[name=problem]:checked");
    var wanted = chosen ? (chosen.getAttribute("data-questions") || "").split(" ") : [];
    groups.forEach(function (group) { group.hidden = wanted.indexOf(group.getAttribute("data-group")) < 0; });
  }
  function stepOf(field) {
    if (FIELD_STEP[field] !== undefined) { return FIELD_STEP[field]; }
    return /^fact/.test(field) ? 1 : undefined;
  }
  var amountEdited = !!(amount && amount.value && new URLSearchParams(window.location.search).get("amount"));

  function show(index, focus) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, i) { step.hidden = i !== current; });
    marks.forEach(function (mark, i) {
      mark.classList.toggle("current", i === current);
      mark.classList.toggle("done", i < current);
      if (i === current) { mark.setAttribute("aria-current", "step"); } else { mark.removeAttribute("aria-current"); }
    });
    if (current === steps.length - 1) {
      var review = document.getElementById("wizard-review");
      if (review && window.htmx) { window.htmx.trigger(review, "wizard-review"); }
    }
    if (focus) { steps[current].querySelector("h2").focus(); }
  }

  function stepValid(index) {
    var step = steps[index];
    var fields = step.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].type !== "file" && !fields[i].closest("[hidden]") && !fields[i].checkValidity()) { fields[i].reportValidity(); return false; }
    }
    var boxes = step.querySelectorAll("input[name=line_ids], input[name=remedies_wanted]");
    if (boxes.length && !Array.prototype.some.call(boxes, function (b) { return b.checked; })) {
      boxes[0].setCustomValidity(form.getAttribute(boxes[0].name === "line_ids" ? "data-msg-lines" : "data-msg-remedies") || "!");
      boxes[0].reportValidity();
      boxes[0].setCustomValidity("");
      return false;
    }
    return true;
  }

  form.addEventListener("click", function (e) {
    var target = e.target.closest("button");
    if (!target) { return; }
    if (target.hasAttribute("data-next")) {
      if (stepValid(current)) { show(current + 1, true); }
    } else if (target.hasAttribute("data-prev")) {
      show(current - 1, true);
    }
  });

  // The claimed amount follows the chosen lines until the consumer types an amount of their own.
  function syncAmount() {
    if (!amount || amountEdited) { return; }
    var total = 0, any = false;
    form.querySelectorAll("input[name=line_ids]:checked").forEach(function (box) {
      total += parseFloat(box.getAttribute("data-paid")) || 0; any = true;
    });
    if (any) { amount.value = total.toFixed(2); }
  }
  if (amount) { amount.addEventListener("input", function () { amountEdited = true; }); }
  form.addEventListener("change", function (e) {
    if (e.target.name === "line_ids") { syncAmount(); }
    if (e.target.name === "problem") { showQuestions(); }
    if (e.target.name === "problem") {  // suggest what people with this problem usually ask for
      var wanted = (e.target.getAttribute("data-remedies") || "").split(",");
      var boxes = form.querySelectorAll("input[name=remedies_wanted]");
      if (!Array.prototype.some.call(boxes, function (b) { return b.checked; })) {
        boxes.forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
      }
    }
  });
  document.body.addEventListener("htmx:afterSwap", function (e) {
    if (e.target.id === "wizard-lines") { syncAmount(); }
  });

  // Where a field's error shows: after its input, or at the end of its group of choices.
  var FIELD_PLACE = { order: "#wz-order", category: "#wz-problems", problem: "#wz-problems", line_ids: "#wizard-lines",
                      remedies_wanted: "#wz-remedies", amount_claimed: "#wz-amount", title: "#wz-title",
                      description: "#wz-description", facts: "#wz-questions" };
  function placeOf(field) {
    var place = FIELD_PLACE[field] ? form.querySelector(FIELD_PLACE[field]) : null;
    return place || (/^[a-z_]+$/.test(field) ? form.querySelector("[name=" + field + "]") : null);
  }
  // Each error beside its field (named, linked to it for screen readers), and all of them in the summary on top.
  function placeErrors(errors) {
    form.querySelectorAll(".field-error").forEach(function (old) { old.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    Object.keys(errors).forEach(function (field) {
      var place = placeOf(field);
      if (!place) { return; }
      var note = document.createElement("p");
      note.className = "field-error error";
      note.id = "wz-error-" + field;
      note.setAttribute("data-error-for", field);
      note.textContent = errors[field];
      if (place.tagName === "FIELDSET" || place.tagName === "DIV") { place.appendChild(note); } else {
        place.setAttribute("aria-invalid", "true");
        var described = (place.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id.indexOf("wz-error-") !== 0; });
        place.setAttribute("aria-describedby", described.concat([note.id]).join(" "));
        place.insertAdjacentElement("afterend", note);
      }
    });
  }
  function showErrors(errors) {
    errorsBox.innerHTML = "";
    var first = null;
    Object.keys(errors).forEach(function (field) {
      var p = document.createElement("p");
      p.className = "error";
      p.setAttribute("data-field", field);
      p.textContent = errors[field];
      errorsBox.appendChild(p);
      var step = stepOf(field);
      if (step !== undefined && (first === null || step < first)) { first = step; }
    });
    errorsBox.hidden = false;
    placeErrors(errors);
    show(first === null ? current : first, true);
    errorsBox.scrollIntoView({ block: "nearest" });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var button = document.getElementById("wizard-submit");
    button.disabled = true;
    progress.textContent = progress.getAttribute("data-msg-sending");
    var data = new FormData(form);
    data.delete("file");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.addEventListener("load", function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = { errors: { form: xhr.statusText } }; }
      if (body.post_as_page) { form.submit(); return; }  // the 12315 summary opens as a page, with all kept
      if (xhr.status !== 201 || !body.ok) {
        button.disabled = false;
        progress.textContent = "";
        showErrors(body.errors || { form: xhr.statusText });
        return;
      }
      errorsBox.hidden = true;
      if (!zone || !zone.pending().length) { window.location.assign(body.complaint_url); return; }
      progress.textContent = progress.getAttribute("data-msg-uploading");
      show(4, false);  // the evidence step shows each file's progress bar
      window.WeiquanUpload.send(body.evidence_url, zone, {}, csrf).then(function (result) {
        if (result.failed) {
          progress.textContent = progress.getAttribute("data-msg-upload-failed");
          steps[4].appendChild(progress);
          window.setTimeout(function () { window.location.assign(body.complaint_url); }, 4000);
        } else {
          window.location.assign(body.complaint_url);
        }
      });
    });
    xhr.addEventListener("error", function () { button.disabled = false; progress.textContent = ""; });
    xhr.send(data);
  });

  var firstError = errorsBox && !errorsBox.hidden && errorsBox.querySelector("[data-field]");
  if (firstError) {  // the server's page after a refused filing: put its errors beside their fields too
    var served = {};
    errorsBox.querySelectorAll("[data-field]").forEach(function (p) { served[p.getAttribute("data-field")] = p.textContent; });
    placeErrors(served);
  }
  showQuestions();
  show(firstError ? (stepOf(firstError.getAttribute("data-field")) || 0) : 0, false);
  syncAmount();
})();
