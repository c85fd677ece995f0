/**
 * The simulation report's HTML, generated here (pure, testable) and shown by
 * simulationPanel.ts. Every number is in the markup as text; the scaling curve is
 * also drawn by the bundled uPlot script. Strict CSP: nothing loads but our own
 * webview files, and only the script carrying this page's nonce runs.
 */
import { scalingChartData } from './chartData';
import { compactNumber, type LockResult, type RunResult, type SimulationReportInput } from './simulationResult';

export interface ReportResources {
  /** Fresh random nonce for this page. */
  nonce: string;
  /** `webview.cspSource`. */
  cspSource: string;
  /** asWebviewUri of dist/webview/simulationChart.js and uPlot.min.css. */
  scriptUri: string;
  uplotCssUri: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that is safe inside a <script> element: no `</script>` or `<!--` can close it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function contentSecurityPolicy(r: Pick<ReportResources, 'nonce' | 'cspSource'>): string {
  return [
    "default-src 'none'",
    `img-src ${r.cspSource} data:`,
    `style-src ${r.cspSource} 'nonce-${r.nonce}'`,
    `script-src 'nonce-${r.nonce}'`,
    `font-src ${r.cspSource}`,
  ].join('; ');
}

/** 32 random bytes, base64: a fresh nonce for each page. */
export function makeNonce(random: (n: number) => Uint8Array): string {
  return Buffer.from(random(32)).toString('base64');
}

const ns = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(v >= 1e4 ? 0 : 1)} µs` : `${Math.round(v)} ns`);
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function lockTable(locks: LockResult[], caption: string): string {
  if (locks.length === 0) return `<p class="muted">${escapeHtml(caption)}: no locks taken.</p>`;
  const rows = locks.map((l) => `<tr><th scope="row"><code>${escapeHtml(l.lock)}</code>${l.kind ? ` <span class="muted">${escapeHtml(l.kind)}</span>` : ''}</th>`
    + `<td>${l.acquiresPerOp.toFixed(2)}</td>`
    + `<td>${ns(l.holdNs.mean)}</td><td>${ns(l.holdNs.p50)}</td><td>${ns(l.holdNs.p99)}</td>`
    + `<td>${ns(l.waitNs.mean)}</td><td>${ns(l.waitNs.p50)}</td><td>${ns(l.waitNs.p99)}</td>`
    + `<td>${pct(l.utilization)}</td><td>${l.spinNsPerOp === undefined ? '—' : ns(l.spinNsPerOp)}</td></tr>`).join('\n');
  return `<table class="locks"><caption>${escapeHtml(caption)}</caption>
<thead><tr><th rowspan="2">Lock</th><th rowspan="2">Acquires / op</th><th colspan="3">Hold</th><th colspan="3">Wait</th><th rowspan="2">Utilisation</th><th rowspan="2">Spinning / op</th></tr>
<tr><th>mean</th><th>p50</th><th>p99</th><th>mean</th><th>p50</th><th>p99</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

/** Two horizontal bars, this version against the baseline, drawn as SVG (themed by CSS classes). */
export function comparisonBars(current: RunResult, baseline: RunResult): string {
  const max = Math.max(current.opsPerSec, baseline.opsPerSec, 1);
  const width = 360;
  const bar = (y: number, cls: string, label: string, value: number) => {
    const w = Math.max(1, Math.round((value / max) * width));
    return `<rect class="${cls}" x="110" y="${y}" width="${w}" height="18"></rect>`
      + `<text class="label" x="0" y="${y + 13}">${escapeHtml(label)}</text>`
      + `<text class="value" x="${110 + w + 6}" y="${y + 13}">${compactNumber(value)} ops/s</text>`;
  };
  return `<svg class="bars" role="img" aria-label="ops per second, this version against the baseline" viewBox="0 0 560 52" width="560" height="52">`
    + bar(4, 'bar-baseline', 'baseline', baseline.opsPerSec) + bar(28, 'bar-current', 'this version', current.opsPerSec) + '</svg>';
}

function scalingTable(r: SimulationReportInput): string {
  const data = scalingChartData(r);
  if (data.cpus.length === 0) return '<p class="muted">No scaling curve in this result.</p>';
  const head = data.series.map((s) => `<th>${escapeHtml(s.label)}</th>`).join('');
  const rows = data.cpus.map((c, i) => `<tr><th scope="row">${c}</th>${data.series.map((s) => `<td>${s.values[i] === null ? '—' : compactNumber(s.values[i]!)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="scaling"><caption>ops/s by CPU count</caption><thead><tr><th>CPUs</th>${head}</tr></thead><tbody>
${rows}
</tbody></table>`;
}

function headline(r: SimulationReportInput): string {
  const cards = [
    `<div class="card"><div class="big">${compactNumber(r.opsPerSec)}</div><div>ops/s on ${r.cpus} CPUs</div></div>`,
    `<div class="card"><div class="big">${compactNumber(r.ceilingOpsPerSec)}</div><div>ceiling: 1 / serialised time per op${r.bottleneck ? ` (<code>${escapeHtml(r.bottleneck)}</code>)` : ''}</div></div>`,
  ];
  if (r.baseline && r.speedup !== null) {
    const cls = r.speedup >= 1 ? 'good' : 'bad';
    cards.push(`<div class="card"><div class="big ${cls}">${r.speedup.toFixed(2)}×</div><div>the baseline's ${compactNumber(r.baseline.opsPerSec)} ops/s</div></div>`);
  }
  return `<div class="cards">${cards.join('')}</div>`;
}

function invariantsSection(r: SimulationReportInput): string {
  if (r.invariants.length === 0) return '';
  const items = r.invariants.map((i) => `<li class="${i.ok ? 'good' : 'bad'}">${i.ok ? '✓' : '✗'} <code>${escapeHtml(i.invariant)}</code>`
    + `${i.description ? ` — ${escapeHtml(i.description)}` : ''}${i.checks !== undefined ? ` <span class="muted">(${i.checks} checks${i.failures ? `, ${i.failures} failed` : ''})</span>` : ''}</li>`).join('\n');
  return `<h2>Invariants</h2><ul class="invariants">\n${items}\n</ul>`;
}

function stubbedSection(r: SimulationReportInput): string {
  if (r.stubbed.length === 0) return '';
  const items = r.stubbed.map((s) => `<li><code>${escapeHtml(s.name)}</code> <span class="muted">${escapeHtml(s.kind)}${s.firstLine ? `, first at line ${s.firstLine}` : ''}${s.count ? `, ×${s.count}` : ''}</span></li>`).join('\n');
  return `<h2>Modelled as stubs</h2><p class="muted">These were not interpreted; the model used a fixed cost or value for them.</p><ul>\n${items}\n</ul>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px 24px; }
h1 { font-size: 1.4em; font-weight: 600; } h2 { font-size: 1.1em; margin-top: 1.6em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 4px; }
code { font-family: var(--vscode-editor-font-family); color: var(--vscode-textPreformat-foreground); }
.muted { color: var(--vscode-descriptionForeground); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.card { border: 1px solid var(--vscode-panel-border); border-radius: 4px; padding: 10px 14px; min-width: 160px; background: var(--vscode-editorWidget-background); }
.big { font-size: 1.8em; font-weight: 600; }
.good { color: var(--vscode-charts-green); } .bad { color: var(--vscode-charts-red); }
table { border-collapse: collapse; margin: 8px 0; } caption { text-align: left; color: var(--vscode-descriptionForeground); padding-bottom: 4px; }
th, td { border: 1px solid var(--vscode-panel-border); padding: 3px 8px; text-align: right; } th[scope=row], thead th { text-align: left; }
.notice { border-left: 3px solid var(--vscode-editorWarning-foreground); padding: 6px 10px; background: var(--vscode-inputValidation-warningBackground); }
.bars .bar-current { fill: var(--vscode-charts-blue); } .bars .bar-baseline { fill: var(--vscode-charts-orange); }
.bars text { fill: var(--vscode-foreground); font-size: 12px; }
#scaling-chart { min-height: 300px; margin: 8px 0; } .u-legend { color: var(--vscode-foreground); }
ul.invariants { list-style: none; padding-left: 0; }
`;

export function renderSimulationHtml(r: SimulationReportInput, res: ReportResources): string {
  const where = [r.file && `<code>${escapeHtml(r.file)}</code>`, r.workload && escapeHtml(r.workload),
    r.nsLevel !== undefined && `namespace depth ${r.nsLevel}`, r.seed !== undefined && `seed ${r.seed}`].filter(Boolean).join(' · ');
  const comparison = r.baseline
    ? `<h2>Against the baseline</h2>${comparisonBars(r, r.baseline)}${r.comparison ? `<p>${escapeHtml(r.comparison.explanation)}</p>` : ''}`
    : '<p class="muted">No baseline: there was no saved or committed version of this function to compare with.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(res))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(res.uplotCssUri)}">
<style nonce="${escapeHtml(res.nonce)}">${STYLE}</style>
<title>Contention: ${escapeHtml(r.function)}</title>
</head>
<body>
<h1>Simulated contention: <code>${escapeHtml(r.function)}()</code></h1>
<p class="muted">${where}</p>
${r.stopped ? `<p class="notice">The simulation stopped early: ${escapeHtml(r.stopped)}. The numbers cover what ran.</p>` : ''}
${headline(r)}
${comparison}
<h2>Scaling</h2>
<div id="scaling-chart" aria-hidden="true"></div>
${scalingTable(r)}
<h2>Locks</h2>
${lockTable(r.locks, `this version, ${r.cpus} CPUs`)}
${r.baseline ? lockTable(r.baseline.locks, `baseline, ${r.baseline.cpus} CPUs`) : ''}
${invariantsSection(r)}
${stubbedSection(r)}
<script type="application/json" id="locklens-data">${jsonForScript(scalingChartData(r))}</script>
<script nonce="${escapeHtml(res.nonce)}" src="${escapeHtml(res.scriptUri)}"></script>
</body>
</html>
`;
}
