/**
 * The simulation report: reading the simulator's result, the chart data, the
 * one-line summary and the webview HTML (CSP, nonce, escaping, every number).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { scalingChartData, scalingYMax } from '../../client/src/chartData';
import { compactNumber, readSimulationResult, simulationSummaryLine, type SimulationReportInput } from '../../client/src/simulationResult';
import { contentSecurityPolicy, escapeHtml, jsonForScript, makeNonce, renderSimulationHtml } from '../../client/src/simulationReport';
import type { SimulationResult } from '../../server/src/simulator/simulate';
import { simulateSource } from '../../server/src/simulator/simulate';
import { toJsonResult } from '../../server/src/simulator/json';
import { createCParser } from '../../server/src/parsing/parser';

// Compile-time: whatever the simulator returns must still be readable as the report's input.
export const simulatorResultFitsTheReport: (r: SimulationResult) => SimulationReportInput = (r) => r;

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RES = { nonce: 'bm9uY2Utbm9uY2U=', cspSource: 'vscode-webview://abc', scriptUri: 'vscode-webview://abc/dist/webview/simulationChart.js', uplotCssUri: 'vscode-webview://abc/dist/webview/uPlot.min.css' };

const lock = (name: string, acquires: number, waitMean: number) => ({
  lock: name, kind: 'spinlock', acquiresPerOp: acquires, holdNs: { mean: 400, p50: 380, p99: 900 },
  waitNs: { mean: waitMean, p50: waitMean / 2, p99: waitMean * 4 }, utilization: 0.91, spinNsPerOp: 1200,
});

const handMade = {
  function: 'alloc_pid', file: 'samples/pidmap/pid_after.c', workload: 'thread create/exit', cpus: 20, nsLevel: 0, seed: 1,
  opsPerSec: 541_800, ceilingOpsPerSec: 541_800, bottleneck: 'tasklist_lock',
  locks: [lock('pidmap_lock', 2, 609), lock('tasklist_lock', 1, 3000)],
  invariants: [{ invariant: 'idr-consistent', description: 'every allocated id is published once', checks: 75, failures: 0, ok: true }],
  stubbed: [{ kind: 'unknown-call', name: 'pidfs_add_pid', count: 1, firstLine: 120 }],
  scaling: [{ cpus: 1, opsPerSec: 64_500, ceilingOpsPerSec: 541_800 }, { cpus: 20, opsPerSec: 541_800, ceilingOpsPerSec: 541_800 }],
  stopped: null,
  baseline: {
    function: 'alloc_pid', file: 'samples/pidmap/pid_before.c', cpus: 20, opsPerSec: 465_300, ceilingOpsPerSec: 465_300, bottleneck: 'pidmap_lock',
    locks: [lock('pidmap_lock', 3, 8106)], invariants: [], stubbed: [],
    scaling: [{ cpus: 1, opsPerSec: 63_900 }, { cpus: 2, opsPerSec: 110_600 }, { cpus: 20, opsPerSec: 465_300 }],
  },
  speedup: 1.164,
  comparison: { speedup: 1.164, lock: 'pidmap_lock', explanation: 'pidmap_lock: 3.00 → 2.00 acquires/op; the bottleneck moved from pidmap_lock to tasklist_lock' },
};

test('readSimulationResult accepts the result or {result}, rejects non-results, and fills gaps', () => {
  const r = readSimulationResult(handMade)!;
  assert.equal(r.function, 'alloc_pid');
  assert.equal(r.baseline!.opsPerSec, 465_300);
  assert.equal(r.speedup, 1.164);
  assert.equal(r.comparison!.lock, 'pidmap_lock');
  assert.deepEqual(readSimulationResult({ result: handMade }), r);
  for (const bad of [null, 42, 'x', {}, { function: 'f' }, { opsPerSec: 1 }, []]) assert.equal(readSimulationResult(bad), null, JSON.stringify(bad));
  const sparse = readSimulationResult({ function: 'f', opsPerSec: 10, locks: [{ lock: 'l' }], scaling: 'no' })!;
  assert.deepEqual(sparse.locks[0].waitNs, { mean: 0, p50: 0, p99: 0 });
  assert.deepEqual(sparse.scaling, []);
  assert.equal(sparse.baseline, null);
});

test('numbers: compact forms and the output-channel summary line', () => {
  assert.deepEqual([950, 1234, 64_500, 541_800, 1_234_567, 12_345_678].map(compactNumber), ['950', '1.2k', '65k', '542k', '1.23M', '12.3M']);
  assert.equal(simulationSummaryLine(readSimulationResult(handMade)!),
    'alloc_pid(): 542k ops/s on 20 CPUs (ceiling 542k) · 1.16× the baseline (465k ops/s) · explained by pidmap_lock');
});

test('chart data: the union of CPU counts, nulls where a run has no point, a ceiling series', () => {
  const data = scalingChartData(readSimulationResult(handMade)!);
  assert.deepEqual(data.cpus, [1, 2, 20]);
  assert.deepEqual(data.series.map((s) => s.role), ['current', 'baseline', 'ceiling']);
  assert.deepEqual(data.series[0].values, [64_500, null, 541_800]);
  assert.deepEqual(data.series[1].values, [63_900, 110_600, 465_300]);
  assert.deepEqual(data.series[2].values, [541_800, null, 541_800]);
});

test('the y axis fits the measured curves, not a ceiling far above them', () => {
  const data = scalingChartData(readSimulationResult({ ...handMade, scaling: [{ cpus: 1, opsPerSec: 60_000, ceilingOpsPerSec: 1_500_000 }, { cpus: 20, opsPerSec: 500_000, ceilingOpsPerSec: 540_000 }] })!);
  // Measured: this version up to 500k, the baseline up to 465k; the 1.5M ceiling is ignored.
  assert.equal(scalingYMax(data), 625_000);
  assert.equal(scalingYMax({ cpus: [], series: [] }), 1);
});

test('the page: strict CSP, the nonce on the only script, local resources only', () => {
  const html = renderSimulationHtml(readSimulationResult(handMade)!, RES);
  const csp = contentSecurityPolicy(RES);
  assert.ok(html.includes(`content="${escapeHtml(csp)}"`));
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-bm9uY2Utbm9uY2U='/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  assert.deepEqual(scripts, ['<script type="application/json" id="locklens-data">', `<script nonce="${RES.nonce}" src="${RES.scriptUri}">`]);
  assert.doesNotMatch(html, /\sstyle="/, 'no inline style attributes (the CSP blocks them)');
  assert.doesNotMatch(html, /https?:\/\//);
  assert.match(html, /var\(--vscode-charts-blue\)/);
});

test('the page shows every headline number, both lock tables, the comparison, scaling, invariants and stubs', () => {
  const html = renderSimulationHtml(readSimulationResult(handMade)!, RES);
  for (const s of ['542k', 'ops/s on 20 CPUs', '1.16×', '465k', '<code>tasklist_lock</code>', 'the bottleneck moved from pidmap_lock to tasklist_lock',
    'this version, 20 CPUs', 'baseline, 20 CPUs', '8.1 µs', '91.0%', '<th scope="row">2</th>', 'idr-consistent', 'pidfs_add_pid', 'first at line 120']) {
    assert.ok(html.includes(s), s);
  }
  assert.match(html, /<svg class="bars"[^>]*>.*this version.*<\/svg>/s);
});

test('names from the analysed code are escaped, and the data block cannot close its script', () => {
  const hostile = { ...handMade, function: '<img src=x onerror=alert(1)>', locks: [lock('</script><script>alert(1)</script>', 1, 10)], baseline: null, speedup: null, comparison: null };
  const html = renderSimulationHtml(readSimulationResult(hostile)!, RES);
  assert.doesNotMatch(html, /<img src=x/);
  assert.equal(html.match(/<\/script>/g)!.length, 2, 'only our two script elements close');
  assert.equal(jsonForScript({ a: '</script>' }), '{"a":"\\u003c/script>"}');
  assert.match(html, /No baseline/);
});

test('nonces are fresh and long', () => {
  let n = 0;
  const nonce = makeNonce((k) => Uint8Array.from({ length: k }, () => n++));
  assert.equal(Buffer.from(nonce, 'base64').length, 32);
  assert.notEqual(makeNonce((k) => Uint8Array.from({ length: k }, () => 7)), nonce);
});

test('a real simulation of the pidmap samples renders: the simulator JSON goes straight into the report', async () => {
  const parser = await createCParser();
  try {
    const read = (f: string) => ({ path: f, text: fs.readFileSync(path.join(ROOT, f), 'utf8') });
    const result = simulateSource(parser, read('samples/pidmap/pid_after.c'),
      { functionName: 'alloc_pid', cpus: 20, nsLevel: 0, ops: 2000, seed: 1, scalingCpus: [1, 4, 20], scalingOps: 1000, faultSweep: false },
      read('samples/pidmap/pid_before.c'));
    const input = readSimulationResult(JSON.parse(JSON.stringify(toJsonResult(result))))!;
    assert.ok(input, 'the JSON result is understood');
    assert.equal(input.function, 'alloc_pid');
    assert.ok(input.opsPerSec > 0 && input.baseline && input.baseline.opsPerSec > 0);
    assert.ok(input.speedup! > 1, `the patched version is faster (${input.speedup})`);
    assert.deepEqual(scalingChartData(input).cpus, [1, 4, 20]);
    const html = renderSimulationHtml(input, RES);
    assert.ok(html.includes(compactNumber(input.opsPerSec)));
    assert.ok(html.includes('<code>pidmap_lock</code>'));
  } finally {
    parser.delete();
  }
});
