// The shell's clientside callbacks (dashboard/components.py): served as a file, as the
// Content-Security-Policy allows no inline script.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  shell: {
    // a phone's menu or filters button: open or close what it controls
    toggle: function (clicks, className) {
      const classes = (className || "").split(" ").filter((c) => c && c !== "open");
      const open = !(className || "").split(" ").includes("open");
      if (open) classes.push("open");
      return [classes.join(" "), open ? "true" : "false"];
    },
    // the language of the page on <html>, after a switch (the server sets it on first load)
    setLanguage: function (lang) {
      if (lang) document.documentElement.lang = lang;
    },
  },
});

// Printing: charts take the width of the page, then the width of the window again. Plotly
// sizes a chart in pixels when it draws it, so it redraws when the print layout applies.
(function () {
  function resizeCharts() {
    if (!window.Plotly) return;
    document.querySelectorAll(".js-plotly-plot").forEach(function (graph) {
      window.Plotly.Plots.resize(graph);
    });
  }
  window.matchMedia("print").addEventListener("change", resizeCharts);
  window.addEventListener("beforeprint", resizeCharts);
  window.addEventListener("afterprint", resizeCharts);
})();
