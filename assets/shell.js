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

// On a phone, a legend beside a chart takes a third of its width: put it above the chart
// instead (a legend already above, or inside a map, stays where it is). Long names on the
// side of a horizontal bar chart are shortened in the same way (the hover says them whole).
(function () {
  const narrow = window.matchMedia("(max-width: 820px)");
  let pending = null;
  function legendsAbove() {
    pending = null;
    if (!narrow.matches || !window.Plotly) return;
    document.querySelectorAll(".js-plotly-plot").forEach(function (graph) {
      const full = graph._fullLayout;
      if (!full) return;
      shortNames(graph);
      const legend = (graph.layout && graph.layout.legend) || {};
      if (!full.showlegend || legend.orientation === "h") return;
      if (legend.x !== undefined && legend.x < 1) return;
      window.Plotly.relayout(graph, {
        "legend.orientation": "h",
        "legend.x": 0,
        "legend.xanchor": "left",
        "legend.y": 1.02,
        "legend.yanchor": "bottom",
      });
    });
  }
  function shortNames(graph) {
    const yaxis = (graph.layout && graph.layout.yaxis) || {};
    const bars = (graph.data || []).filter((t) => t.type === "bar" && t.orientation === "h");
    if (!bars.length || yaxis.tickmode === "array") return;
    const names = [...new Set(bars.flatMap((t) => Array.from(t.y || [])))];
    if (!names.some((name) => String(name).length > 18)) return;
    window.Plotly.relayout(graph, {
      "yaxis.tickmode": "array",
      "yaxis.tickvals": names,
      "yaxis.ticktext": names.map((n) => (String(n).length > 18 ? String(n).slice(0, 17) + "…" : n)),
    });
  }
  new MutationObserver(function () {
    if (pending === null) pending = window.setTimeout(legendsAbove, 150);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
