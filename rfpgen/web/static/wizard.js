// Progressive enhancement only: the wizard works fully without this file.
(function () {
  "use strict";
  // Reads a number exactly as the server does (forms.py): full-width digits allowed, commas and spaces
  // ignored, anything else is not a number and counts 0, as the server's total ignores it.
  var NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  function number(text) {
    var plain = String(text || "").replace(/[０-９．＋－，]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/[,\s\u3000]/g, "");
    if (!NUMBER.test(plain)) { return 0; }
    var value = parseFloat(plain);
    return isFinite(value) ? value : 0;
  }
  // Live running sums (criterion weights, call-reason shares, intraday profile).
  function updateSum(box) {
    var name = box.getAttribute("data-sum");
    var target = parseFloat(box.getAttribute("data-target"));
    var total = 0;
    document.querySelectorAll('[data-sum-of="' + name + '"]').forEach(function (input) {
      total += number(input.value);
    });
    total = Math.round(total * 100) / 100;
    box.querySelector("output").textContent = String(total);
    box.classList.toggle("off", Math.abs(total - target) > 0.01);
  }
  document.querySelectorAll("[data-sum]").forEach(function (box) {
    var name = box.getAttribute("data-sum");
    document.querySelectorAll('[data-sum-of="' + name + '"]').forEach(function (input) {
      input.addEventListener("input", function () { updateSum(box); });
    });
  });
  // Warn before leaving a step with unsaved typing (buttons that submit the form are fine).
  var form = document.getElementById("step-form");
  if (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  }
  // "Use the library's look-for text": copy it into the empty look_for field of that requirement.
  document.querySelectorAll("details.library-look-for").forEach(function (details) {
    var source = details.querySelector("[data-look-for-for]");
    var card = document.getElementById(source.getAttribute("data-look-for-for"));
    var target = card && card.querySelector('textarea[name$=".look_for"]');
    if (!target) { return; }
    details.addEventListener("toggle", function () {
      if (details.open && !target.value.trim()) { target.value = source.textContent; target.dispatchEvent(new Event("input", {bubbles: true})); }
    });
  });
  // Copy the project's link.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-copy"));
      input.select();
      var done = function () { button.textContent = button.getAttribute("data-copied"); };
      if (navigator.clipboard) { navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); }); }
      else { document.execCommand("copy"); done(); }
    });
  });
  // Remember the projects opened in this browser (their links are secrets: kept on this device only).
  var KEY = "rfpgen.projects";
  function recent() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]").filter(function (p) { return p && p.token; }); }
    catch (e) { return []; }
  }
  // The day a project was opened, kept as this device's calendar day (YYYY-MM-DD), shown as the page's
  // language writes a date: 2026年12月4日, 4 December 2026.
  function today() {
    var d = new Date();
    return [d.getFullYear(), ("0" + (d.getMonth() + 1)).slice(-2), ("0" + d.getDate()).slice(-2)].join("-");
  }
  function shownDate(day) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || "");
    if (!parts) { return ""; }
    var lang = document.documentElement.lang === "ja" ? "ja-JP" : "en-GB";
    return new Date(+parts[1], parts[2] - 1, +parts[3]).toLocaleDateString(lang, {year: "numeric", month: "long", day: "numeric"});
  }
  function keep(list) { try { localStorage.setItem(KEY, JSON.stringify(list.slice(0, 20))); } catch (e) { /* private mode */ } }
  var body = document.body, list = recent();
  if (body.getAttribute("data-forget")) {
    list = list.filter(function (p) { return p.token !== body.getAttribute("data-forget"); });
  }
  if (body.getAttribute("data-project")) {
    var token = body.getAttribute("data-project");
    list = list.filter(function (p) { return p.token !== token; });
    list.unshift({token: token, title: body.getAttribute("data-project-title"), opened: today()});
  }
  keep(list);
  var box = document.getElementById("recent-projects");
  if (box && list.length) {
    var ul = box.querySelector("ul");
    list.forEach(function (p) {
      var li = document.createElement("li"), a = document.createElement("a"), when = document.createElement("span");
      a.href = "/p/" + encodeURIComponent(p.token);
      a.textContent = p.title;
      when.className = "hint";
      var day = shownDate(p.opened);
      when.textContent = day ? " " + box.getAttribute("data-opened").replace("{date}", day) : "";
      li.appendChild(a);
      li.appendChild(when);
      ul.appendChild(li);
    });
    box.hidden = false;
  }
  // Panels computed after the page (the staffing estimate): fetched once the form is on screen.
  document.querySelectorAll("[data-load]").forEach(function (box) {
    fetch(box.getAttribute("data-load"), {credentials: "same-origin"}).then(function (response) {
      return response.ok ? response.text() : Promise.reject(response.status);
    }).then(function (html) { box.innerHTML = html; }, function () { /* the link to the full page stays */ });
  });
  // A refused save's way back: the browser's back, which keeps what was typed (the link's own target
  // is the project's page, for a browser without history)
  document.querySelectorAll("[data-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  });
  // On a narrow screen the step strip scrolls sideways: bring the current step into view.
  var strip = document.querySelector(".steps ol"), current = document.querySelector(".steps li.current");
  if (strip && current && strip.scrollWidth > strip.clientWidth) {
    strip.scrollLeft = current.offsetLeft - strip.offsetLeft - (strip.clientWidth - current.offsetWidth) / 2;
  }
}());
