// The merchant's monthly figures as a chart; the table under it holds the same numbers for everyone.
(function () {
  function draw() {
    var canvas = document.getElementById("perf-chart");
    var source = document.getElementById("perf-data");
    var script = document.getElementById("perf-script");
    if (!canvas || !source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: script.dataset.perThousand, data: data.per_thousand, yAxisID: "y", backgroundColor: "#b4232a" },
          { type: "line", label: script.dataset.onTime, data: data.on_time, yAxisID: "pct", borderColor: "#0b5cad",
            backgroundColor: "#0b5cad", spanGaps: true }
        ]
      },
      options: {
        responsive: true,
        scales: { y: { beginAtZero: true, position: "left" }, pct: { min: 0, max: 100, position: "right", grid: { drawOnChartArea: false } } }
      }
    });
  }
  if (document.readyState === "complete") draw(); else window.addEventListener("load", draw);
})();
