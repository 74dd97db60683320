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

  // DKFDS's mobile menu (base.html): below 992 px the main menu is a drawer behind "Menu".
  // Without this script the button stays hidden and the menu stays open.
  function initMobileMenu() {
    var header = document.querySelector(".header");
    var open = document.querySelector(".js-menu-open");
    var drawer = document.getElementById("hovedmenu");
    if (!header || !open || !drawer) {
      return;
    }
    var overlay = document.querySelector(".overlay");
    var top = drawer.querySelector(".menu-top");
    function show(visible) {
      header.classList.toggle("menu-is-open", visible);
      document.body.classList.toggle("mobile-nav-active", visible);
      open.setAttribute("aria-expanded", visible ? "true" : "false");
      if (overlay) {
        overlay.classList.toggle("is-visible", visible);
      }
    }
    header.classList.add("menu-enhanced");
    open.hidden = false;
    if (top) {
      top.hidden = false;
    }
    if (overlay) {
      overlay.hidden = false;
    }
    open.addEventListener("click", function () {
      show(true);
      var first = drawer.querySelector(".js-menu-close, a");
      if (first) {
        first.focus();
      }
    });
    document.querySelectorAll(".js-menu-close").forEach(function (close) {
      close.addEventListener("click", function () {
        show(false);
        open.focus();
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-is-open")) {
        show(false);
        open.focus();
      }
    });
  }
  initMobileMenu();

  // A search field whose value would stand in the address (a GET form) carries a pattern that
  // refuses six digits or more (a CPR number or its date part). The browser then keeps the form
  // from being sent; here it says why in Danish (data-no-cpr). The server refuses it as well.
  function initNoCpr() {
    document.querySelectorAll("input[data-no-cpr]").forEach(function (input) {
      function check() {
        input.setCustomValidity("");
        if (input.validity.patternMismatch) {
          input.setCustomValidity(input.getAttribute("data-no-cpr"));
        }
      }
      input.addEventListener("input", check);
      input.addEventListener("invalid", check);
      check();
    });
  }
  initNoCpr();

  // Deferred scripts run before DOMContentLoaded, in document order: wait for the page's own.
  if (document.readyState === "complete") {
    initDesignSystem();
  } else {
    document.addEventListener("DOMContentLoaded", initDesignSystem);
  }
})();
