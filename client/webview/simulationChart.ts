/**
 * Runs inside the simulation report's webview: draws the scaling curve with
 * uPlot from the JSON block the page carries, in the theme's chart colours,
 * and redraws on resize and theme change.
 */
import uPlot from 'uplot';
import { scalingYMax, type ScalingChartData } from '../src/chartData';

const ROLE_COLOR: Record<ScalingChartData['series'][number]['role'], string> = {
  current: '--vscode-charts-blue',
  baseline: '--vscode-charts-orange',
  ceiling: '--vscode-charts-purple',
};

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}k`;
  return `${Math.round(n)}`;
}

function draw(host: HTMLElement, data: ScalingChartData): uPlot {
  const fg = cssVar('--vscode-foreground', '#888');
  const grid = cssVar('--vscode-panel-border', 'rgba(128,128,128,0.3)');
  const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
  const opts: uPlot.Options = {
    width: Math.max(320, host.clientWidth),
    height: 300,
    // CPU counts double from 1 to 64: a log2 x axis spaces them evenly.
    scales: { x: { time: false, distr: 3, log: 2 }, y: { range: () => [0, scalingYMax(data)] } },
    axes: [
      { ...axis, label: 'CPUs', values: (_u, splits) => splits.map((v) => String(v)) },
      { ...axis, label: 'ops/s', size: 70, values: (_u, splits) => splits.map(compact) },
    ],
    series: [
      { label: 'CPUs' },
      ...data.series.map((s) => ({
        label: s.label,
        stroke: cssVar(ROLE_COLOR[s.role], fg),
        width: s.role === 'ceiling' ? 1 : 2,
        dash: s.role === 'ceiling' ? [6, 4] : undefined,
        points: { show: true },
        spanGaps: true,
        value: (_u: uPlot, v: number | null) => (v === null ? '—' : `${compact(v)} ops/s`),
      })),
    ],
  };
  return new uPlot(opts, [data.cpus, ...data.series.map((s) => s.values)] as uPlot.AlignedData, host);
}

function main(): void {
  const host = document.getElementById('scaling-chart');
  const source = document.getElementById('locklens-data');
  if (!host || !source?.textContent) return;
  const data = JSON.parse(source.textContent) as ScalingChartData;
  if (data.cpus.length === 0) {
    host.remove();
    return;
  }
  let chart = draw(host, data);
  new ResizeObserver(() => chart.setSize({ width: Math.max(320, host.clientWidth), height: 300 })).observe(host);
  // VS Code swaps the body's theme class when the theme changes: redraw with the new colours.
  new MutationObserver(() => { chart.destroy(); chart = draw(host, data); }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

main();
