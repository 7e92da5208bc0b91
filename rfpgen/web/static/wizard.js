// Progressive enhancement only: the wizard works fully without this file.
(function () {
  "use strict";
  function number(text) {
    var plain = String(text || "").replace(/[０-９．]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/[,\s]/g, "");
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
}());
