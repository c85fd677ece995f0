/**
 * The report page in a real browser engine (headless Chromium, when installed):
 * the bundled chart script runs under the page's CSP and draws the scaling curve
 * with uPlot; a script without the page's nonce is refused, so the CSP is live.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { renderSimulationHtml } from '../../client/src/simulationReport';
import { readSimulationResult } from '../../client/src/simulationResult';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM = process.env.LOCKLENS_CHROMIUM ?? '/usr/bin/chromium';
const NO_BROWSER = fs.existsSync(CHROMIUM) ? {} : { skip: `no Chromium at ${CHROMIUM} (.ci/run installs it)` };

const result = readSimulationResult({
  function: 'alloc_pid', cpus: 20, opsPerSec: 540_000, ceilingOpsPerSec: 545_000, locks: [], invariants: [], stubbed: [],
  scaling: [1, 2, 4, 8, 16, 20, 32, 64].map((cpus) => ({ cpus, opsPerSec: Math.min(64_000 * cpus, 540_000), ceilingOpsPerSec: 545_000 })),
  baseline: { function: 'alloc_pid', cpus: 20, opsPerSec: 465_000, ceilingOpsPerSec: 465_000, locks: [], invariants: [], stubbed: [],
    scaling: [1, 2, 4, 8, 16, 20, 32, 64].map((cpus) => ({ cpus, opsPerSec: Math.min(63_000 * cpus, 465_000) })) },
  speedup: 1.16,
})!;

/** Writes the page with the given script nonce and returns the DOM after its scripts ran. */
function renderedDom(scriptNonce: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locklens-webview-'));
  const assets = path.join(ROOT, 'dist', 'webview');
  let html = renderSimulationHtml(result, {
    nonce: 'page-nonce-0123456789',
    cspSource: 'file:',
    scriptUri: pathToFileURL(path.join(assets, 'simulationChart.js')).href,
    uplotCssUri: pathToFileURL(path.join(assets, 'uPlot.min.css')).href,
  });
  html = html.replace(/<script nonce="page-nonce-0123456789"/, `<script nonce="${scriptNonce}"`);
  const page = path.join(dir, 'report.html');
  fs.writeFileSync(page, html);
  return execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--allow-file-access-from-files', '--virtual-time-budget=5000', `--user-data-dir=${path.join(dir, 'profile')}`, '--dump-dom', pathToFileURL(page).href],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
}

test('the chart script runs under the CSP and draws the scaling curve with every series in the legend', NO_BROWSER, () => {
  const dom = renderedDom('page-nonce-0123456789');
  const chart = dom.slice(dom.indexOf('id="scaling-chart"'));
  assert.match(chart, /class="uplot/);
  assert.match(chart, /<canvas/);
  for (const label of ['alloc_pid (this version)', 'baseline', 'ceiling (1 / serialised time per op)']) assert.ok(chart.includes(label), label);
});

test('a script without the page nonce is refused: nothing is drawn', NO_BROWSER, () => {
  const dom = renderedDom('some-other-nonce');
  assert.doesNotMatch(dom, /class="uplot/);
  assert.match(dom, /id="scaling-chart"/);
});
