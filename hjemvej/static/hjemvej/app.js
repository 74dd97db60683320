/* Hjemvej's progressive enhancement. Every page works without this file.
   DKFDS components that need JavaScript (accordions, tabs, ...) are set up when a page loads
   vendor/dkfds/js/dkfds.min.js (with defer) in its {% block scripts %}; then here, once. */
(function () {
  "use strict";

  function initDesignSystem() {
    if (window.DKFDS && typeof window.DKFDS.init === "function") {
      window.DKFDS.init();
    }
  }

  // Deferred scripts run before DOMContentLoaded, in document order: wait for the page's own.
  if (document.readyState === "complete") {
    initDesignSystem();
  } else {
    document.addEventListener("DOMContentLoaded", initDesignSystem);
  }
})();
