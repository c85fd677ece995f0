/**
 * The built client bundle loads with nothing but the `vscode` module provided
 * (everything else must be inside it) and exports the extension entry points.
 * Behaviour inside VS Code is tested by the editor tier (issue 10).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import Module = require('module');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BUNDLE = path.join(ROOT, 'dist', 'client.js');

/** Stands in for the `vscode` API at load time: any member (and member of a member) is a class that can be extended. */
function fakeMember(): unknown {
  const target = class Fake {};
  return new Proxy(target, { get: (t, name) => (name in t ? (t as unknown as Record<string | symbol, unknown>)[name] : fakeMember()) });
}

/** Marked as an ES module so TypeScript's import helpers use it as is instead of copying its (infinite) members. */
function fakeVscode(): unknown {
  return new Proxy({}, { get: (_t, name) => (name === '__esModule' ? true : fakeMember()) });
}

test('dist/client.js is self-contained apart from vscode and exports activate/deactivate', () => {
  assert.ok(fs.existsSync(BUNDLE), `${BUNDLE} is missing: run the webpack build first`);
  const required: string[] = [];
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return fakeVscode();
    if (!request.startsWith('node:') && !Module.builtinModules.includes(request)) required.push(request);
    return original.call(this, request, ...rest);
  };
  try {
    const ext = require(BUNDLE) as { activate?: unknown; deactivate?: unknown };
    assert.equal(typeof ext.activate, 'function');
    assert.equal(typeof ext.deactivate, 'function');
  } finally {
    loader._load = original;
  }
  assert.deepEqual(required.filter((r) => r !== BUNDLE), [], 'the bundle requires nothing outside itself but vscode and node built-ins');
});

test('the webview bundle and uPlot stylesheet are built beside it', () => {
  const script = fs.readFileSync(path.join(ROOT, 'dist', 'webview', 'simulationChart.js'), 'utf8');
  assert.ok(script.includes('locklens-data'), 'the chart script reads the page data block');
  assert.doesNotMatch(script, /\brequire\(/, 'browser code: no CommonJS require left');
  assert.ok(fs.statSync(path.join(ROOT, 'dist', 'webview', 'uPlot.min.css')).size > 500);
});
