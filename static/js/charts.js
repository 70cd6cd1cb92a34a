// Draws every <canvas data-chart="ID"> from the JSON in <script type="application/json" id="ID">
// (written by Django's json_script). No inline scripts: the page's CSP allows only files.
(function () {
  "use strict";
  var palette = ["#0b5cad", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#1098ad", "#c2255c"];

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof window.Chart === "undefined") return;
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    spec.datasets.forEach(function (dataset, i) {
      var colour = palette[i % palette.length];
      dataset.backgroundColor = dataset.backgroundColor || (spec.type === "line" ? colour + "33" : colour);
      dataset.borderColor = dataset.borderColor || colour;
      dataset.borderWidth = spec.type === "line" ? 2 : 0;
    });
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: spec.type === "doughnut" ? {} : { y: { beginAtZero: true, suggestedMax: spec.max || undefined } },
        plugins: { legend: { display: spec.datasets.length > 1 } },
      },
    });
    canvas.dataset.drawn = "1";
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // htmx swaps in fresh partials: draw their charts too.
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
})();
