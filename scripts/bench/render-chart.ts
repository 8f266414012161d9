/**
 * The bench's results as an SVG chart (the README shows it): one bar per case, its ratio to
 * the floor, with its target drawn as a tick, grouped (decode per dialect, collect, the peers'
 * SDKs); and the conversion matrix as a grid of every source × target, each cell its ratio,
 * green within its target, red past it.
 *
 *   node --import tsx scripts/bench/render-chart.ts docs/perf/bench.json docs/perf/bench.svg
 */
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { BenchResult, BenchRow } from "./bench-case.js";

/** The plot's width, right of the labels. */
const PLOT = 480;
/** Width of a character of a 12px label, generously (system-ui): labels are measured with it. */
const CHAR = 6.6;
const BAR_H = 16;
const GAP = 4;
const OK = "#2e7d32";
const MISSED = "#c62828";
const NEUTRAL = "#607d8b";

const xml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function colorOf(row: BenchRow): string {
  if (row.target === undefined) return NEUTRAL;
  return row.ratio <= row.target ? OK : MISSED;
}

const labelOf = (row: BenchRow) =>
  row.relativeTo === undefined ? row.case : `${row.case} (÷ decode)`;

/** The width of the label column: the longest label fits. */
const labelWidth = (rows: BenchRow[]) =>
  Math.ceil(Math.max(200, ...rows.map((r) => labelOf(r).length * CHAR)) + 16);

/** The bars: every row outside the matrix, by group, on one scale. */
function bars(rows: BenchRow[], top: number): { svg: string[]; height: number } {
  const svg: string[] = [];
  const LABEL = labelWidth(rows);
  const max = Math.max(2.5, ...rows.map((r) => Math.max(r.ratio, r.target ?? 0)));
  const scaleMax = Math.min(max, 12);
  // Room right of the longest bar for its figure.
  const plot = PLOT - 70;
  const x = (ratio: number) => LABEL + (Math.min(ratio, scaleMax) / scaleMax) * plot;
  let y = top;
  const groups = [...new Set(rows.map((r) => r.group))];
  for (const group of groups) {
    svg.push(`<text x="8" y="${y + 12}" class="group">${xml(group)}</text>`);
    y += BAR_H + GAP;
    for (const row of rows.filter((r) => r.group === group)) {
      const label = labelOf(row);
      svg.push(`<text x="${LABEL - 6}" y="${y + 12}" text-anchor="end">${xml(label)}</text>`);
      svg.push(
        `<rect x="${LABEL}" y="${y}" width="${(x(row.ratio) - LABEL).toFixed(1)}" height="${BAR_H}" fill="${colorOf(row)}"/>`,
      );
      const clipped = row.ratio > scaleMax ? "+" : "";
      // The figure starts right of the bar and of its target tick, so neither covers it.
      const after = Math.max(x(row.ratio), row.target === undefined ? 0 : x(row.target) + 2);
      svg.push(
        `<text x="${(after + 4).toFixed(1)}" y="${y + 12}">${row.ratio.toFixed(2)}×${clipped}</text>`,
      );
      if (row.target !== undefined) {
        const tx = x(row.target).toFixed(1);
        svg.push(
          `<line x1="${tx}" x2="${tx}" y1="${y - 2}" y2="${y + BAR_H + 2}" class="target"/>`,
        );
      }
      y += BAR_H + GAP;
    }
    y += GAP * 2;
  }
  // The 1× line: the floor.
  svg.push(`<line x1="${x(1)}" x2="${x(1)}" y1="${top}" y2="${y}" class="floor"/>`);
  svg.push(`<text x="${x(1) + 3}" y="${y + 10}" class="small">1× = the floor</text>`);
  return { svg, height: y + 16 - top };
}

/** The conversion matrix: source dialects down, targets across. */
function matrix(rows: BenchRow[], top: number): { svg: string[]; height: number } {
  const svg: string[] = [];
  const pairs = rows.map((r) => {
    const [from, to] = r.case.replace(/^convert /, "").split(" → ");
    return { from: from!, to: to!, row: r };
  });
  const names = [...new Set(pairs.flatMap((p) => [p.from, p.to]))];
  const cell = 80;
  const left = 110;
  svg.push(
    `<text x="8" y="${top + 12}" class="group">convert, every ordered pair (ratio to the source's floor + JSON.stringify of the target's output; target ≤ ${rows[0]?.target ?? 2}×)</text>`,
  );
  const gridTop = top + 44;
  svg.push(
    `<text x="${left - 6}" y="${gridTop - 8}" text-anchor="end" class="small">from ↓ to →</text>`,
  );
  names.forEach((name, i) => {
    svg.push(
      `<text x="${left + i * cell + cell / 2}" y="${gridTop - 8}" text-anchor="middle">${xml(name)}</text>`,
    );
    svg.push(
      `<text x="${left - 6}" y="${gridTop + i * 28 + 18}" text-anchor="end">${xml(name)}</text>`,
    );
  });
  for (const { from, to, row } of pairs) {
    const cx = left + names.indexOf(to) * cell;
    const cy = gridTop + names.indexOf(from) * 28;
    svg.push(
      `<rect x="${cx + 2}" y="${cy + 2}" width="${cell - 4}" height="24" fill="${colorOf(row)}" opacity="0.85"/>`,
    );
    svg.push(
      `<text x="${cx + cell / 2}" y="${cy + 18}" text-anchor="middle" class="cell">${row.ratio.toFixed(2)}×</text>`,
    );
  }
  return { svg, height: 44 + names.length * 28 + 12 };
}

export function renderChart(result: BenchResult): string {
  const convertRows = result.rows.filter((r) => r.group === "convert");
  const otherRows = result.rows.filter((r) => r.group !== "convert");
  const title = `sse-dialects bench — Node ${result.node}, ${result.cpu ?? "unknown CPU"}${result.quick ? " (quick)" : ""}`;
  const subtitle = `ratio of CPU time to the floor's (framing + JSON.parse), median of ${result.runs} runs; black ticks: targets`;
  const width = Math.max(labelWidth(otherRows) + PLOT, 110 + 6 * 80 + 20, title.length * 7.2 + 16);
  const body: string[] = [];
  let y = 52;
  if (otherRows.length > 0) {
    const b = bars(otherRows, y);
    body.push(...b.svg);
    y += b.height + 10;
  }
  if (convertRows.length > 0) {
    const m = matrix(convertRows, y);
    body.push(...m.svg);
    y += m.height;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="title" width="${width}" height="${y + 10}" viewBox="0 0 ${width} ${y + 10}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="title">${xml(title)}</title>`,
    "<style>.group{font-weight:600}.small{font-size:10px;fill:#555}.cell{fill:#fff;font-weight:600}.target{stroke:#000;stroke-width:2}.floor{stroke:#999;stroke-dasharray:3 3}</style>",
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="18" class="group">${xml(title)}</text>`,
    `<text x="8" y="34" class="small">${xml(subtitle)} · <tspan fill="${OK}">■ within target</tspan> <tspan fill="${MISSED}">■ missed</tspan> <tspan fill="${NEUTRAL}">■ no target</tspan></text>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

// Run as a script: render a results file.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [input, output] = process.argv.slice(2);
  if (input === undefined || output === undefined)
    throw new Error("usage: render-chart.ts <bench.json> <bench.svg>");
  writeFileSync(output, renderChart(JSON.parse(readFileSync(input, "utf8")) as BenchResult));
}
