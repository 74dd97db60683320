/* The task list: its filters fold away on a phone (so the first task is on the first screen) and
   start open on a wider screen. Without this file they start folded, one click away. */
(function () {
  "use strict";

  if (!window.matchMedia || !window.matchMedia("(min-width: 576px)").matches) {
    return;
  }
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    details.open = true;
  });
})();
