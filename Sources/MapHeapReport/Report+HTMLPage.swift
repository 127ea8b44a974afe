// report.html's page: its styles and its script, which lay out the data `_HTMLData` states (claims,
// panels, sections) with Chart.js (Report+HTMLChartJS.swift). The script computes no figure: it
// places the numbers it is given (bytes on the curves' axis in MiB, the tooltips' bytes as stated),
// sorts tables, and hides the lines a click on the legend hides.

/// The page around the data.
enum _HTMLPage {
    /// The whole page: the data in a JSON script element, then Chart.js and the page's script.
    static func render(dataJSON: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>mapheap report</title>\n<style>\n" + style + "</style>\n</head>\n<body>\n"
            + body
            + "<script type=\"application/json\" id=\"data\">" + dataJSON + "</script>\n"
            + "<script>\n" + _chartJS + "\n</script>\n"
            + "<script>\n" + script + "</script>\n</body>\n</html>\n"
    }

    /// The page's fixed skeleton; the script fills it.
    static let body = """
        <header><h1>mapheap report</h1>
        <nav><a href="#claims">Claims</a> · <a href="#curves">Heap curves</a> ·
        <a href="#sections">Sections</a></nav>
        </header>
        <main>
        <section id="claims"><h2>The claims, settled</h2>
        <p class="note">Each verdict is computed from this run's rows by the rule stated under its claim. In each
        generation the first subject decides; the others are shown beside it. Click a claim for its rule, its
        figures and the chart that decides it. <button id="open-all" type="button">Open all</button></p>
        <table id="claims-table"></table></section>
        <section id="curves"><h2>Heap curves</h2><p class="note" id="curves-note"></p>
        <p class="controls">y axis: <button type="button" data-scale="y" data-type="linear" class="on">linear</button>
        <button type="button" data-scale="y" data-type="logarithmic">log</button>
        · x axis: <button type="button" data-scale="x" data-type="linear" class="on">linear</button>
        <button type="button" data-scale="x" data-type="logarithmic">log</button>
        · click a legend entry to hide its line</p>
        <div id="panels"></div></section>
        <section id="sections"></section>
        </main>

        """

    /// The page's styles.
    static let style = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 0; color: #222; background: #fafafa; }
        header { background: #243447; color: #fff; padding: 10px 24px; }
        header h1 { margin: 0; font-size: 22px; } header a { color: #cfe3ff; }
        main { padding: 8px 24px 40px; max-width: 1500px; }
        h2 { border-bottom: 2px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
        .note { color: #555; font-size: 13px; max-width: 1100px; }
        table { border-collapse: collapse; font-size: 13px; background: #fff; margin: 8px 0 16px; }
        th, td { border: 1px solid #ddd; padding: 4px 8px; vertical-align: top; }
        th { background: #f0f3f7; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.sortable th { cursor: pointer; user-select: none; }
        table.sortable th.asc::after { content: " \\25B2"; } table.sortable th.desc::after { content: " \\25BC"; }
        tr.claim { cursor: pointer; } tr.claim:hover { background: #f5f9ff; }
        .badge { display: inline-block; border-radius: 3px; padding: 1px 6px; margin: 1px 4px 1px 0; font-size: 12px;
                 color: #fff; white-space: nowrap; }
        .badge.holds { background: #2e7d32; } .badge.part { background: #c77c02; }
        .badge.fails { background: #c62828; } .badge.na { background: #888; }
        .badge.beside { opacity: 0.75; }
        .figs { color: #444; font-size: 12px; margin-top: 3px; }
        tr.detail > td { background: #fcfcfc; }
        tr.detail pre { font-size: 12px; white-space: pre-wrap; margin: 4px 0; }
        .claim-charts { display: flex; flex-wrap: wrap; gap: 16px; }
        .claim-chart { width: 420px; height: 240px; position: relative; }
        #panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 16px; }
        .panel { background: #fff; border: 1px solid #ddd; padding: 8px; }
        .panel h3 { font-size: 14px; margin: 0 0 4px; }
        .panel .plot { position: relative; height: 300px; }
        .controls button, #open-all { font-size: 12px; }
        .controls button.on { background: #243447; color: #fff; }
        .bars { position: relative; max-width: 1100px; background: #fff; border: 1px solid #ddd; }
        pre.block { background: #fff; border: 1px solid #ddd; padding: 8px; font-size: 12px; overflow-x: auto; }

        """

    /// The page's script: builds the claims table, the panels and the sections from the data.
    static let script = """
        "use strict";
        (function () {
        const D = JSON.parse(document.getElementById("data").textContent);
        function el(tag, attrs, ...kids) {
          const e = document.createElement(tag);
          for (const [k, v] of Object.entries(attrs || {})) {
            if (k === "class") e.className = v; else if (k === "text") e.textContent = v; else e.setAttribute(k, v);
          }
          for (const k of kids) if (k != null) e.append(k);
          return e;
        }
        const charts = [];
        function alpha(color, a) {
          const n = parseInt(color.slice(1), 16);
          return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
        }
        // A plugin drawing the numbers a claim's conditions compare with, as dashed horizontal lines.
        const thresholdLines = {
          id: "thresholdLines",
          afterDatasetsDraw(chart, args, options) {
            const lines = options.lines || [];
            const y = chart.scales.y, area = chart.chartArea, ctx = chart.ctx;
            for (const line of lines) {
              const py = y.getPixelForValue(line.value);
              if (!(py >= area.top && py <= area.bottom)) continue;
              ctx.save();
              ctx.strokeStyle = "#c62828"; ctx.setLineDash([5, 4]); ctx.lineWidth = 1;
              ctx.beginPath(); ctx.moveTo(area.left, py); ctx.lineTo(area.right, py); ctx.stroke();
              ctx.fillStyle = "#c62828"; ctx.font = "11px sans-serif"; ctx.textAlign = "right";
              ctx.fillText(line.text, area.right - 2, py - 3);
              ctx.restore();
            }
          }
        };

        // The claims.
        function buildClaims() {
          const table = document.getElementById("claims-table");
          if (!D.claims.length) {
            table.replaceWith(el("p", { class: "note", text: D.noClaims }));
            return;
          }
          const head = el("tr", {}, el("th", { text: "#" }), el("th", { text: "claim" }));
          for (const g of D.generations) head.append(el("th", { text: g.title + ": " + g.subjects.join(" | ") }));
          table.append(el("thead", {}, head));
          const body = el("tbody");
          for (const c of D.claims) {
            const row = el("tr", { class: "claim", "data-id": c.id },
              el("td", { class: "num", text: String(c.number) }), el("td", { text: c.claim }));
            for (const g of c.generations) {
              const cell = el("td");
              g.subjects.forEach((s, i) => cell.append(el("span", {
                class: "badge " + s.class + (i ? " beside" : ""), title: s.verdict,
                text: s.label + ": " + s.short })));
              const decider = g.subjects[0];
              if (decider.figures.length) {
                const text = decider.figures.map(f => f[0] + " " + f[1]).join(", ");
                cell.append(el("div", { class: "figs", text }));
              }
              row.append(cell);
            }
            const detailCell = el("td", { colspan: String(2 + D.generations.length) });
            const detail = el("tr", { class: "detail", hidden: "" }, detailCell);
            row.addEventListener("click", () => toggleClaim(c, detail, detailCell));
            body.append(row, detail);
          }
          table.append(body);
          document.getElementById("open-all").addEventListener("click", () => {
            for (const row of body.querySelectorAll("tr.claim")) {
              const detail = row.nextElementSibling;
              if (detail.hidden) row.click();
            }
          });
        }
        function toggleClaim(c, detail, cell) {
          detail.hidden = !detail.hidden;
          if (detail.hidden || cell.childElementCount) return;
          cell.append(el("pre", { text: "rule: " + c.rule.join("\\n      ") }));
          const measured = c.generations.flatMap(g => g.subjects).find(s => s.figures.length);
          const names = measured ? measured.figures.map(f => f[0]) : [];
          const figs = el("table", { class: "figures" });
          figs.append(el("tr", {}, el("th", { text: "subject" }), el("th", { text: "verdict" }),
            ...names.map(n => el("th", { text: n })), el("th", { text: "workloads" })));
          for (const g of c.generations) for (const s of g.subjects) {
            figs.append(el("tr", {}, el("td", { text: s.label }),
              el("td", {}, el("span", { class: "badge " + s.class, text: s.verdict })),
              ...names.map(n => el("td", { class: "num", text: (s.figures.find(f => f[0] === n) || [n, "—"])[1] })),
              el("td", { text: s.workloads.join(", ") })));
          }
          cell.append(figs);
          const box = el("div", { class: "claim-charts" });
          cell.append(box);
          for (const spec of c.charts) {
            const canvas = el("canvas", { class: "chart", "data-claim": c.id });
            box.append(el("div", { class: "claim-chart" }, canvas));
            charts.push(new Chart(canvas, {
              type: "bar",
              data: {
                labels: spec.labels,
                datasets: spec.datasets.map(d => ({
                  label: d.label, data: d.values, texts: d.texts, borderColor: d.color, borderWidth: 1.5,
                  backgroundColor: alpha(d.color, d.deciding ? 0.85 : 0.35)
                }))
              },
              options: {
                animation: false, responsive: true, maintainAspectRatio: false,
                scales: { y: { type: spec.log ? "logarithmic" : "linear", title: { display: true, text: spec.axis },
                               beginAtZero: !spec.log } },
                plugins: {
                  thresholdLines: { lines: spec.thresholds },
                  tooltip: { callbacks: { label: ctx => ctx.dataset.label + ": " + ctx.dataset.texts[ctx.dataIndex] } }
                }
              },
              plugins: [thresholdLines]
            }));
          }
        }

        // The heap curves.
        function buildPanels() {
          document.getElementById("curves-note").textContent = D.curvesNote;
          const box = document.getElementById("panels");
          const fmt = n => n.toLocaleString("en-US");
          if (!D.panels.length) box.append(el("p", { class: "note", text: D.noCurves }));
          for (const p of D.panels) {
            const canvas = el("canvas", { class: "chart", "data-panel": p.id });
            box.append(el("div", { class: "panel", id: "panel-" + p.id }, el("h3", { text: p.title }),
              el("div", { class: "plot" }, canvas)));
            const datasets = [];
            p.series.forEach((s, i) => {
              datasets.push({
                label: s.label, workload: s.workload,
                data: s.points.map(q => ({ x: q[0], y: q[1] / D.bytesPerMiB, bytes: q[1] })),
                showLine: true, borderColor: s.color, backgroundColor: s.color, borderDash: s.dash,
                borderWidth: 1.6, pointRadius: 0, pointHitRadius: 4, line: i
              });
            });
            p.series.forEach((s, i) => {
              if (!s.growths.length) return;
              datasets.push({
                label: s.label + " growths", growthOf: i,
                data: s.growths.map(q => ({ x: q[0], y: q[1] / D.bytesPerMiB, bytes: q[1], text: q[2] })),
                showLine: false, borderColor: "#fff", backgroundColor: s.color, pointRadius: 2.5, borderWidth: 0.5
              });
            });
            charts.push(new Chart(canvas, {
              type: "scatter",
              data: { datasets },
              options: {
                animation: false, responsive: true, maintainAspectRatio: false, parsing: false, normalized: true,
                interaction: { mode: "nearest", intersect: false },
                scales: {
                  x: { type: "linear", title: { display: true, text: "keys inserted" } },
                  y: { type: "linear", title: { display: true, text: "allocated (MiB)" } }
                },
                plugins: {
                  legend: {
                    labels: { filter: item => datasets[item.datasetIndex].growthOf === undefined, boxHeight: 2 },
                    onClick: (e, item, legend) => {
                      const chart = legend.chart, index = item.datasetIndex;
                      const hidden = chart.isDatasetVisible(index);
                      chart.setDatasetVisibility(index, !hidden);
                      chart.data.datasets.forEach((d, j) => {
                        if (d.growthOf === datasets[index].line) chart.setDatasetVisibility(j, !hidden);
                      });
                      chart.update();
                    }
                  },
                  tooltip: { callbacks: { label: ctx => {
                    const d = ctx.dataset, q = ctx.raw;
                    const name = d.growthOf === undefined ? d.label : p.series[d.growthOf].label;
                    return name + ": " + fmt(q.x) + " keys, " + fmt(q.bytes) + " bytes"
                      + (q.text ? ", " + q.text : "");
                  } } }
                }
              }
            }));
          }
          for (const b of document.querySelectorAll(".controls button")) {
            b.addEventListener("click", () => {
              for (const o of document.querySelectorAll(".controls button[data-scale=" + b.dataset.scale + "]")) {
                o.classList.toggle("on", o === b);
              }
              for (const chart of charts) {
                if (chart.config.type !== "scatter") continue;
                chart.options.scales[b.dataset.scale].type = b.dataset.type;
                chart.update();
              }
            });
          }
        }

        // The other sections.
        function sortable(table, numeric) {
          const heads = table.querySelectorAll("th");
          heads.forEach((th, column) => th.addEventListener("click", () => {
            const ascending = !th.classList.contains("asc");
            heads.forEach(h => h.classList.remove("asc", "desc"));
            th.classList.add(ascending ? "asc" : "desc");
            const body = table.tBodies[0];
            const key = text => {
              const n = parseFloat(text.replace(/[,%+ ]/g, "").replace("\\u2212", "-"));
              return isNaN(n) ? null : n;
            };
            const rows = Array.from(body.rows);
            rows.sort((a, b) => {
              const x = a.cells[column].textContent, y = b.cells[column].textContent;
              const kx = key(x), ky = key(y);
              let order = kx !== null && ky !== null ? kx - ky : x.localeCompare(y);
              return ascending ? order : -order;
            });
            body.append(...rows);
          }));
        }
        // A table's rows as stacked bars: the parts' figures are the table's cells, as Swift wrote them.
        const partColors = ["#4e79a7", "#f28e2b", "#bab0ac", "#76b7b2", "#edc948", "#e15759", "#b07aa1",
                            "#59a14f"];
        function stackedBars(b, number) {
          const canvas = el("canvas", { class: "chart", "data-bars": String(number) });
          const box = el("div", { class: "bars" }, canvas);
          box.style.height = (70 + 34 * b.bars.length) + "px";
          charts.push(new Chart(canvas, {
            type: "bar",
            data: {
              labels: b.bars.map(r => r.label),
              datasets: b.parts.map((part, i) => ({
                label: part, data: b.bars.map(r => r.values[i]), texts: b.bars.map(r => r.texts[i]),
                backgroundColor: partColors[i % partColors.length]
              }))
            },
            options: {
              indexAxis: "y", animation: false, responsive: true, maintainAspectRatio: false,
              scales: { x: { stacked: true, title: { display: true, text: b.axis } }, y: { stacked: true } },
              plugins: { tooltip: { callbacks: {
                label: ctx => ctx.dataset.label + ": " + ctx.dataset.texts[ctx.dataIndex],
                footer: items => items.length ? b.axis + ": " + b.bars[items[0].dataIndex].total : ""
              } } }
            }
          }));
          return box;
        }
        function buildSections() {
          const box = document.getElementById("sections");
          for (const s of D.sections) {
            const section = el("section", { id: "section-" + s.number },
              el("h2", { text: s.number + ". " + s.title }));
            let list = null;
            for (const b of s.blocks) {
              if (b.kind !== "item") list = null;
              if (b.kind === "text") section.append(el("p", { text: b.text }));
              else if (b.kind === "subheading") section.append(el("h3", { text: b.text }));
              else if (b.kind === "pre") section.append(el("pre", { class: "block", text: b.lines.join("\\n") }));
              else if (b.kind === "item") {
                if (!list) { list = el("ul"); section.append(list); }
                list.append(el("li", { text: b.text }));
              } else if (b.kind === "table") {
                const table = el("table", { class: "sortable" });
                table.append(el("thead", {}, el("tr", {}, ...b.headers.map(h => el("th", { text: h })))));
                const body = el("tbody");
                for (const r of b.rows) {
                  const cells = r.map((c, i) => el("td", { class: b.numeric[i] ? "num" : "", text: c }));
                  body.append(el("tr", {}, ...cells));
                }
                table.append(body);
                sortable(table, b.numeric);
                section.append(table);
              }
              else if (b.kind === "bars") section.append(stackedBars(b, s.number));
            }
            box.append(section);
          }
        }
        buildClaims();
        buildPanels();
        buildSections();
        document.body.dataset.ready = "true";
        })();

        """
}
