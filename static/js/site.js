// Behaviour every page shares. No inline scripts: the Content Security Policy allows files only.
(function () {
  "use strict";
  // A destructive or irreversible action asks first: <form data-confirm="Question?">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // The navigation's groups: one open at a time, closed by Escape or a click elsewhere.
  document.addEventListener("toggle", function (event) {
    var opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.open || !opened.classList.contains("dropdown")) return;
    document.querySelectorAll("details.dropdown[open]").forEach(function (other) {
      if (other !== opened) other.open = false;
    });
  }, true);
  function closeMenus(except) {
    document.querySelectorAll("details.dropdown[open]").forEach(function (menu) {
      if (!except || !menu.contains(except)) menu.open = false;
    });
  }
  document.addEventListener("click", function (event) { closeMenus(event.target); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closeMenus(null);
  });

  // On a narrow screen the navigation folds behind a "Menu" button.
  function setUpMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav || toggle.dataset.ready) return;
    toggle.dataset.ready = "1";
    toggle.hidden = false;
    document.documentElement.classList.add("js");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      nav.classList.toggle("open", open);
    });
  }
  document.addEventListener("DOMContentLoaded", setUpMenu);
  document.addEventListener("htmx:afterSettle", setUpMenu);
})();
