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
})();
