/* Evidence uploads: drop files on the zone or choose them (a normal, keyboard-reachable file input). Each file is
   checked for type and size before anything is sent, then sent on its own request with a progress bar
   (XMLHttpRequest upload progress). The server checks everything again; this only saves a wasted upload.
   Forms marked data-uploader are wired up here; the filing wizard uses WeiquanUpload.zone / .send itself. */
(function () {
  "use strict";
  if (window.WeiquanUpload) { return; }

  function extensionOf(name) {
    var i = name.lastIndexOf(".");
    return i < 0 ? "" : name.slice(i).toLowerCase();
  }

  function human(bytes) {
    if (bytes < 1024) { return bytes + " B"; }
    if (bytes < 1048576) { return (bytes / 1024).toFixed(1) + " KB"; }
    return (bytes / 1048576).toFixed(1) + " MB";
  }

  function Zone(root, rules) {
    this.root = root;
    this.input = root.querySelector("input[type=file]");
    this.list = root.querySelector("[data-upload-list]");
    this.rules = rules;
    this.entries = [];
    var zone = this;
    var box = root.querySelector("[data-dropzone]") || root;
    this.input.addEventListener("change", function () {
      zone.add(zone.input.files);
      zone.input.value = "";
    });
    ["dragenter", "dragover"].forEach(function (type) {
      box.addEventListener(type, function (e) { e.preventDefault(); box.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      box.addEventListener(type, function () { box.classList.remove("dragging"); });
    });
    box.addEventListener("drop", function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files) { zone.add(e.dataTransfer.files); }
    });
  }

  Zone.prototype.message = function (key) {
    return this.list.getAttribute("data-msg-" + key) || key;
  };

  Zone.prototype.check = function (file) {
    if (this.rules.extensions.indexOf(extensionOf(file.name)) < 0) { return this.message("type"); }
    if (file.size === 0) { return this.message("empty"); }
    if (file.size > this.rules.maxBytes) { return this.message("size"); }
    return null;
  };

  Zone.prototype.add = function (files) {
    for (var i = 0; i < files.length; i++) { this.addOne(files[i]); }
  };

  Zone.prototype.addOne = function (file) {
    var zone = this;
    var entry = { file: file, error: this.check(file), done: false };
    var li = document.createElement("li");
    li.className = "upload-item" + (entry.error ? " invalid" : "");
    var name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name + " (" + human(file.size) + ")";
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    var status = document.createElement("span");
    status.className = "upload-status";
    status.textContent = entry.error || this.message("waiting");
    var remove = document.createElement("button");
    remove.type = "button"; remove.className = "link remove";
    remove.textContent = "×";
    remove.setAttribute("aria-label", (this.list.getAttribute("data-msg-remove") || "remove") + " " + file.name);
    remove.addEventListener("click", function () {
      zone.entries.splice(zone.entries.indexOf(entry), 1);
      li.remove();
    });
    li.appendChild(name);
    if (!entry.error) { li.appendChild(bar); }
    li.appendChild(status);
    li.appendChild(remove);
    this.list.appendChild(li);
    entry.li = li; entry.bar = bar; entry.status = status; entry.remove = remove;
    this.entries.push(entry);
  };

  Zone.prototype.pending = function () {
    return this.entries.filter(function (e) { return !e.error && !e.done; });
  };

  function sendOne(url, entry, fields, csrf, zone) {
    return new Promise(function (resolve) {
      var data = new FormData();
      Object.keys(fields).forEach(function (k) { data.append(k, fields[k]); });
      data.append("file", entry.file, entry.file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRFToken", csrf);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) { entry.bar.value = Math.round(e.loaded * 100 / e.total); }
      });
      xhr.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
        // 201: stored; 200: the same party already had these bytes on the case, so nothing new was stored
        if ((xhr.status === 201 || xhr.status === 200) && body.ok) {
          var repeat = body.files && body.files.length && body.files[0].already_on_case;
          entry.done = true; entry.bar.value = 100;
          entry.status.textContent = zone.message(repeat ? "already" : "done");
          entry.li.classList.add("uploaded");
          entry.remove.hidden = true;
          resolve(true);
        } else {
          entry.status.textContent = zone.message("failed") + (body.errors ? ": " + body.errors.join("; ") : "");
          entry.li.classList.add("invalid");
          resolve(false);
        }
      });
      xhr.addEventListener("error", function () {
        entry.status.textContent = zone.message("failed");
        entry.li.classList.add("invalid");
        resolve(false);
      });
      xhr.send(data);
    });
  }

  /* Upload the zone's checked files one after the other; resolves to {sent, failed}. */
  function send(url, zone, fields, csrf) {
    var queue = zone.pending();
    var result = { sent: 0, failed: 0 };
    return queue.reduce(function (chain, entry) {
      return chain.then(function () {
        return sendOne(url, entry, fields, csrf, zone).then(function (ok) {
          if (ok) { result.sent += 1; } else { result.failed += 1; }
        });
      });
    }, Promise.resolve()).then(function () { return result; });
  }

  function rulesOf(el) {
    return {
      maxBytes: parseInt(el.getAttribute("data-max-bytes"), 10) || 0,
      extensions: (el.getAttribute("data-extensions") || "").split(",")
    };
  }

  function zoneFor(root, rulesEl) { return new Zone(root, rulesOf(rulesEl || root)); }

  function wireForm(form) {
    var zone = zoneFor(form);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (!zone.pending().length) { zone.input.focus(); return; }
      var fields = { description: (form.elements.description || {}).value || "" };
      if (form.elements.staff_only && form.elements.staff_only.checked) { fields.staff_only = "1"; }
      var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      send(form.action, zone, fields, csrf).then(function (r) {
        if (button) { button.disabled = false; }
        if (r.sent && !r.failed && form.hasAttribute("data-reload")) { window.location.reload(); }
      });
    });
  }

  window.WeiquanUpload = { zone: zoneFor, send: send };
  function init() {
    var forms = document.querySelectorAll("form[data-uploader]");
    for (var i = 0; i < forms.length; i++) { wireForm(forms[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
