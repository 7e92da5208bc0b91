// A page while its job runs (a build, a tally): poll the job's status, show its progress, reload when it ends.
// Without JavaScript the page refreshes itself instead (a <noscript> meta refresh).
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("build-progress");
    if (!box) return;
    var bar = box.querySelector("progress"), stage = document.getElementById("build-stage");
    function poll() {
      fetch(box.getAttribute("data-status-url"), {credentials: "same-origin", cache: "no-store"})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (job) {
          if (!job) return setTimeout(poll, 3000);
          bar.value = job.progress;
          bar.textContent = job.progress + "%";
          stage.textContent = job.stage;
          if (job.status === "done" || job.status === "failed") window.location.reload();
          else setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 500);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
