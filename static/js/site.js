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

  // On a narrow screen the menu and a list's filters fold behind a disclosure button
  // (<button class="fold-toggle" aria-controls="…" hidden>). The button stays hidden until this
  // script runs, so without it everything is simply shown; the CSS folds only under html.js.
  function setUpFolds() {
    document.querySelectorAll(".fold-toggle[aria-controls]").forEach(function (toggle) {
      var target = document.getElementById(toggle.getAttribute("aria-controls"));
      if (!target || toggle.dataset.ready) return;
      toggle.dataset.ready = "1";
      toggle.hidden = false;
      var filled = target.matches("form") ? countFilled(target) : 0;
      if (filled) {
        var count = document.createElement("span");
        count.className = "fold-count";
        count.textContent = " (" + filled + ")";
        toggle.appendChild(count);
      }
      toggle.addEventListener("click", function () {
        setOpen(toggle, target, toggle.getAttribute("aria-expanded") !== "true");
      });
    });
    document.documentElement.classList.add("js");
  }
  function countFilled(form) {
    var n = 0;
    form.querySelectorAll("input:not([type=hidden]):not([type=submit]), select").forEach(function (field) {
      if (field.name && field.name !== "sort" && field.value) n += 1;
    });
    return n;
  }
  function setOpen(toggle, target, open) {
    toggle.setAttribute("aria-expanded", String(open));
    target.classList.toggle("open", open);
  }
  // Escape folds an open menu again and gives the focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".fold-toggle[aria-expanded='true']").forEach(function (toggle) {
      var target = document.getElementById(toggle.getAttribute("aria-controls"));
      if (target && target.contains(document.activeElement)) {
        setOpen(toggle, target, false);
        toggle.focus();
      }
    });
  });
  document.addEventListener("DOMContentLoaded", setUpFolds);
  document.addEventListener("htmx:afterSettle", setUpFolds);
})();
