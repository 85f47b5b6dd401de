// Draw every <canvas data-chart="id-of-json-script">; clicking a bar or point opens the cases behind it.
(function () {
  function draw(canvas) {
    var spec = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
    var palette = ["#b4232a", "#0b5cad", "#1e6b3a", "#8a5300", "#6a3d9a", "#00727a", "#a6467a", "#4f5b67",
                   "#c76b00", "#2c7bb6", "#7a7a00"];
    var chart = new Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: [{
          label: spec.label, data: spec.values, borderColor: palette[0], tension: 0.2,
          backgroundColor: spec.type === "doughnut" ? palette : palette[0],
        }],
      },
      options: {
        responsive: true, maintainAspectRatio: false, indexAxis: spec.horizontal ? "y" : "x",
        plugins: { legend: { display: spec.type === "doughnut" } },
        onClick: function (event, elements) {
          if (elements.length && spec.urls && spec.urls[elements[0].index]) {
            window.location.href = spec.urls[elements[0].index];
          }
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
      },
    });
    return chart;
  }
  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
