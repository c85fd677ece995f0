/**
 * The client's simulate flow without VS Code: the workspace-trust rule (ask first
 * when untrusted, once per session after a yes, never when trusted), the quiet
 * server call under a cancellable progress, and what reaches the output channel,
 * the report and the user on success, cancel, failure and a message-only answer.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { SimulateFlow, SIMULATION_PROGRESS_TITLE, type CancelToken, type SimulateUi } from '../../client/src/simulateFlow';
import { UNTRUSTED_SIMULATION_PROMPT } from '../../client/src/reportText';
import type { SimulationReportInput } from '../../client/src/simulationResult';

const URI = 'file:///src/pid.c';
const AT = { line: 34, character: 12 };
const ANSWER = {
  function: 'alloc_pid', cpus: 20, opsPerSec: 541_800, ceilingOpsPerSec: 541_800, locks: [], invariants: [], stubbed: [], scaling: [],
  baseline: { function: 'alloc_pid', cpus: 20, opsPerSec: 465_300, ceilingOpsPerSec: 465_300, locks: [], invariants: [], stubbed: [], scaling: [] },
  speedup: 1.164, summary: 'alloc_pid(): 541.8k ops/s on 20 CPUs · 1.164× the saved version',
};

interface Fake extends SimulateUi {
  trusted: boolean;
  answers: boolean[];
  prompts: string[];
  calls: unknown[][];
  titles: string[];
  reported: string[];
  reports: SimulationReportInput[];
  logs: string[];
  warnings: string[];
  /** What the server does with a call: answer, or throw. */
  server: (token: { cancel(): void } & CancelToken, onProgress: (m: string) => void) => Promise<unknown>;
}

function fakeUi(trusted: boolean, server: Fake['server'] = async (_t, onProgress) => { onProgress('Simulating alloc_pid()'); return ANSWER; }): Fake {
  const ui: Fake = {
    trusted, answers: [], prompts: [], calls: [], titles: [], reported: [], reports: [], logs: [], warnings: [], server,
    isTrusted: () => ui.trusted,
    confirm: async (prompt) => { ui.prompts.push(prompt); return ui.answers.shift() ?? false; },
    withProgress: async (title, task) => {
      ui.titles.push(title);
      const token = { isCancellationRequested: false };
      return task((m) => ui.reported.push(m), token);
    },
    execute: async (args, token, onProgress) => {
      ui.calls.push(args);
      const t = token as { isCancellationRequested: boolean };
      return ui.server(Object.assign(t, { cancel: () => { t.isCancellationRequested = true; } }), onProgress);
    },
    showReport: (r) => ui.reports.push(r),
    log: (line) => ui.logs.push(line),
    warn: (message) => ui.warnings.push(message),
  };
  return ui;
}

test('untrusted, declined: no request reaches the server, nothing is shown', async () => {
  const ui = fakeUi(false);
  ui.answers.push(false);
  const r = await new SimulateFlow(ui).run([URI, AT]);
  assert.equal(r.outcome, 'declined');
  assert.deepEqual(ui.prompts, [UNTRUSTED_SIMULATION_PROMPT]);
  assert.deepEqual(ui.calls, []);
  assert.deepEqual(ui.reports, []);
  assert.deepEqual(ui.logs, []);
});

test('untrusted, accepted: it runs, and the session does not ask again; declining first asks again next time', async () => {
  const ui = fakeUi(false);
  const flow = new SimulateFlow(ui);
  ui.answers.push(false, true);
  assert.equal((await flow.run([URI, AT])).outcome, 'declined');
  assert.equal((await flow.run([URI, AT])).outcome, 'shown');
  assert.equal((await flow.run([URI, AT])).outcome, 'shown');
  assert.equal(ui.prompts.length, 2);
  assert.equal(ui.calls.length, 2);
});

test('trusted: never asks; a quiet call at [uri, position] under a cancellable progress; report and one summary line', async () => {
  const ui = fakeUi(true);
  const r = await new SimulateFlow(ui).run([URI, AT]);
  assert.equal(r.outcome, 'shown');
  assert.equal(r.payload, ANSWER);
  assert.deepEqual(ui.prompts, []);
  assert.deepEqual(ui.calls, [[URI, AT, { quiet: true }]]);
  assert.deepEqual(ui.titles, [SIMULATION_PROGRESS_TITLE]);
  assert.deepEqual(ui.reported, ['Simulating alloc_pid()'], 'server progress messages reach the notification');
  assert.equal(ui.reports.length, 1);
  assert.equal(ui.reports[0].function, 'alloc_pid');
  assert.equal(ui.reports[0].baseline?.opsPerSec, 465_300);
  assert.deepEqual(ui.logs, [`simulation: ${ANSWER.summary}`]);
  assert.deepEqual(ui.warnings, []);
});

test('a server without a summary: our own line from the result', async () => {
  const { summary: _dropped, ...bare } = ANSWER;
  const ui = fakeUi(true, async () => bare);
  await new SimulateFlow(ui).run([URI, AT]);
  assert.match(ui.logs[0], /^simulation: alloc_pid\(\): 542k ops\/s on 20 CPUs \(ceiling 542k\) · 1\.16× the baseline \(465k ops\/s\)$/);
});

test('cancelled from the notification: logged as cancelled, no report, no warning', async () => {
  const ui = fakeUi(true, async (token) => {
    token.cancel();
    throw new Error('Request got cancelled');
  });
  const r = await new SimulateFlow(ui).run([URI, AT]);
  assert.equal(r.outcome, 'cancelled');
  assert.deepEqual(ui.logs, ['simulation cancelled']);
  assert.deepEqual(ui.reports, []);
  assert.deepEqual(ui.warnings, []);
});

test('a failed request or a message-only answer warns with the reason', async () => {
  const failing = fakeUi(true, async () => { throw new Error('Client is not running'); });
  assert.equal((await new SimulateFlow(failing).run([URI, AT])).outcome, 'failed');
  assert.deepEqual(failing.warnings, ['Kernel Lock Lens: the simulation failed: Client is not running']);
  const message = fakeUi(true, async () => ({ message: 'no function at line 1: put the cursor inside the function to simulate.' }));
  assert.equal((await new SimulateFlow(message).run([URI, AT])).outcome, 'no-result');
  assert.deepEqual(message.warnings, ['Kernel Lock Lens: the simulation gave no result: no function at line 1: put the cursor inside the function to simulate.']);
  assert.deepEqual(message.reports, []);
});
