/**
 * The simulate handler and lens as plain functions over a hand-built analysis and
 * a fake runner: which functions get a lens, which function and baseline a run
 * uses, what the answer says, and that cancelling waits for the worker to stop.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { DEFAULT_SETTINGS, resolveSettings } from '../../server/src/config';
import { codeLensesFor, SIMULATE_LENS_TITLE } from '../../server/src/handlers/codeLens';
import { readSimulateArgs, simulateAt, simulationSummary, type SimulateDeps } from '../../server/src/handlers/simulate';
import { serverCommands } from '../../server/src/handlers/commands';
import { SimulationCancelled, SimulationRejected, type RunningSimulation } from '../../server/src/simulator/runner';
import type { SimulationOptions, SimulationResult, SourceInput } from '../../server/src/simulator/simulate';
import type { FileAnalysis, FunctionFacts } from '../../server/src/analysis/types';
import { COMMANDS } from '../../server/src/protocol';
import { allocPid, analysis, noLocks, span } from './handBuiltAnalysis';

const URI = 'file:///src/pid_before.c';
const S = DEFAULT_SETTINGS;
const simulateLenses = (a: FileAnalysis, settings = S, available = true) =>
  codeLensesFor(a, settings, URI, available).filter((l) => l.command?.command === COMMANDS.simulate);

const freePid: FunctionFacts = { ...noLocks, name: 'free_pid', startLine: 16, endLine: 33, nameSpan: span(16, 5, 13) };
const withFreePid = (): FileAnalysis => ({ ...analysis(), functions: [freePid, allocPid, noLocks] });

test('lens: a function that takes locks is called in a loop; a lock-free helper gets none', () => {
  const lenses = simulateLenses(analysis());
  assert.equal(lenses.length, 1);
  assert.equal(lenses[0].command?.title, SIMULATE_LENS_TITLE);
  assert.deepEqual(lenses[0].command?.arguments, [URI, { line: 34, character: 12 }]);
  assert.equal(lenses[0].command?.tooltip, 'Simulate alloc_pid() called in a loop on 20 CPUs, from the current text, against the saved version');
});

test('lens: with free_pid in the file, both halves get the thread create/exit workload, even without lock facts', () => {
  const lenses = simulateLenses(withFreePid());
  assert.deepEqual(lenses.map((l) => l.range.start.line), [15, 34]);
  for (const l of lenses) assert.match(String(l.command?.tooltip), /^Simulate thread create\/exit \(alloc_pid\(\) \+ free_pid\(\) \+ the rest of fork and exit\) on 20 CPUs/);
  assert.match(String(simulateLenses(withFreePid(), resolveSettings({ simulation: { cpus: 1 } }))[0].command?.tooltip), /on 1 CPU,/);
});

test('lens: absent without the simulator, with its switch off, or with the master switch off; the lock-summary switch leaves it', () => {
  assert.deepEqual(simulateLenses(analysis(), S, false), []);
  assert.deepEqual(codeLensesFor(analysis(), S, URI).filter((l) => l.command?.command === COMMANDS.simulate), [], 'unavailable by default');
  assert.deepEqual(simulateLenses(analysis(), resolveSettings({ codeLens: { simulate: false } })), []);
  assert.deepEqual(simulateLenses(analysis(), resolveSettings({ enable: false })), []);
  const onlySimulate = codeLensesFor(analysis(), resolveSettings({ codeLens: { enable: false } }), URI, true);
  assert.deepEqual(onlySimulate.map((l) => l.command?.title), [SIMULATE_LENS_TITLE]);
  // The lock lens first, then the simulate lens, on the same line.
  assert.deepEqual(codeLensesFor(analysis(), S, URI, true).map((l) => l.command?.command), [COMMANDS.functionReportAt, COMMANDS.simulate]);
});

test('the simulate command is advertised only with the simulator', () => {
  assert.ok(serverCommands(true).includes(COMMANDS.simulate));
  assert.ok(!serverCommands(false).includes(COMMANDS.simulate));
});

test('arguments: [uri, position, {quiet}?]', () => {
  assert.deepEqual(readSimulateArgs([URI, { line: 3, character: 4 }]), { uri: URI, position: { line: 3, character: 4 }, quiet: false });
  assert.equal(readSimulateArgs([URI, { line: 3, character: 4 }, { quiet: true }])?.quiet, true);
  assert.equal(readSimulateArgs([URI]), null);
  assert.equal(readSimulateArgs([42, { line: 0, character: 0 }]), null);
  assert.equal(readSimulateArgs([URI, { line: '1', character: 0 }]), null);
});

/** A result shaped like the simulator's, with the fields the handler reads. */
function fakeResult(fn: string, opsPerSec: number, baseline: SimulationResult | null = null): SimulationResult {
  const r = {
    function: fn, file: '/src/pid_before.c', workload: 'w', cpus: 20, nsLevel: 0, seed: 1, opsPerSec, ceilingOpsPerSec: opsPerSec,
    bottleneck: 'pidmap_lock', locks: [], invariants: [{ invariant: 'locks-released', description: '', checks: 1, failures: 0, ok: true }],
    violations: [], stubbed: [], notInterpreted: [], scenarios: [], scaling: [], callTrace: [], callTraceNs: 0, stopped: null,
    baseline, speedup: baseline ? Math.round((opsPerSec / baseline.opsPerSec) * 1000) / 1000 : null,
    comparison: baseline ? { speedup: opsPerSec / baseline.opsPerSec, lock: 'pidmap_lock', explanation: 'x' } : null,
  };
  return r as unknown as SimulationResult;
}

interface Call { source: SourceInput; options: SimulationOptions; baseline?: SourceInput }

/** Deps over one open document, whose runs are settled by the test. */
function fakeDeps(text: string, saved: string | null, settle: (call: Call, running: { resolve(r: SimulationResult): void; reject(e: unknown): void }) => void) {
  const calls: Call[] = [];
  let cancels = 0;
  let exited = false;
  const deps: SimulateDeps = {
    current: async (uri) => (uri === URI ? { text, path: '/src/pid_before.c', analysis: withFreePid(), settings: resolveSettings({ simulation: { cpus: 8 } }) } : null),
    savedText: async () => saved,
    run: (source, options, baseline): RunningSimulation => {
      const call = { source, options, baseline };
      calls.push(call);
      let reject!: (e: unknown) => void;
      let markExited!: () => void;
      const exitedPromise = new Promise<void>((r) => { markExited = () => { exited = true; r(); }; });
      const promise = new Promise<SimulationResult>((res, rej) => {
        reject = rej;
        settle(call, { resolve: (r) => { res(r); markExited(); }, reject: (e) => { rej(e); markExited(); } });
      });
      return {
        promise,
        exited: exitedPromise,
        cancel: () => { cancels++; reject(new SimulationCancelled()); setImmediate(markExited); },
      };
    },
  };
  return { deps, calls, cancels: () => cancels, exited: () => exited };
}

const noProgress = { begin: () => undefined, report: () => undefined };
const ALLOC = { line: 40, character: 0 };

test('a run: the function at the position, the current text, the saved text as baseline, options from settings', async () => {
  const f = fakeDeps('current', 'saved', (call, run) => run.resolve(fakeResult(call.options.functionName, 540_000, fakeResult('alloc_pid', 465_000))));
  const began: string[] = [];
  const answer = await simulateAt({ uri: URI, position: ALLOC, quiet: false }, f.deps, new CancellationTokenSource().token,
    { begin: (title, message) => began.push(`${title}: ${message}`), report: () => undefined });
  assert.equal(f.calls.length, 1);
  assert.equal(f.calls[0].options.functionName, 'alloc_pid');
  assert.equal(f.calls[0].options.cpus, 8);
  assert.deepEqual(f.calls[0].source, { path: '/src/pid_before.c', text: 'current' });
  assert.deepEqual(f.calls[0].baseline, { path: '/src/pid_before.c (saved)', text: 'saved' });
  assert.deepEqual(began, ['Simulating alloc_pid(): thread create/exit (alloc_pid() + free_pid() + the rest of fork and exit) on 8 CPUs, then its saved version']);
  assert.ok('summary' in answer);
  assert.equal(answer.comparedWith, 'saved');
  assert.equal(answer.summary, 'alloc_pid(): 540.0k ops/s on 20 CPUs (ceiling 540.0k, bound by pidmap_lock) · 1.161× the saved version (465.0k ops/s), explained by pidmap_lock · invariants held');
});

test('no baseline when the saved text is the same or missing, and the answer says which', async () => {
  for (const [saved, why] of [['current', 'no unsaved changes'], [null, 'no saved version on disk']] as const) {
    const f = fakeDeps('current', saved, (call, run) => run.resolve(fakeResult(call.options.functionName, 465_000)));
    const answer = await simulateAt({ uri: URI, position: ALLOC, quiet: false }, f.deps, new CancellationTokenSource().token, noProgress);
    assert.equal(f.calls[0].baseline, undefined);
    assert.ok('summary' in answer);
    assert.equal(answer.notCompared, why);
    assert.match(answer.summary, new RegExp(` · not compared: ${why} · invariants held$`));
  }
});

test('a saved version the simulator cannot run is left out, with the reason', async () => {
  const f = fakeDeps('current', 'saved', (call, run) => run.resolve({ ...fakeResult(call.options.functionName, 465_000), baselineSkipped: "no function 'alloc_pid' in /src/pid_before.c (saved)" }));
  const answer = await simulateAt({ uri: URI, position: ALLOC, quiet: false }, f.deps, new CancellationTokenSource().token, noProgress);
  assert.ok('summary' in answer);
  assert.equal(answer.notCompared, "the saved version cannot be simulated (no function 'alloc_pid' in /src/pid_before.c (saved))");
});

test('bad input from the simulator becomes a message naming the function', async () => {
  const f = fakeDeps('current', null, (_call, run) => run.reject(new SimulationRejected('alloc_pid cannot be simulated: too deeply nested')));
  const answer = await simulateAt({ uri: URI, position: ALLOC, quiet: false }, f.deps, new CancellationTokenSource().token, noProgress);
  assert.deepEqual(answer, { message: 'alloc_pid() cannot be simulated: alloc_pid cannot be simulated: too deeply nested' });
});

test('cancelling cancels the run and rejects only once its worker has exited', async () => {
  const source = new CancellationTokenSource();
  const f = fakeDeps('current', null, () => undefined);
  const pending = simulateAt({ uri: URI, position: ALLOC, quiet: false }, f.deps, source.token, { begin: () => source.cancel(), report: () => undefined });
  await assert.rejects(pending, SimulationCancelled);
  assert.equal(f.cancels(), 1);
  assert.equal(f.exited(), true);
  // Cancelled before anything ran: nothing starts.
  const early = new CancellationTokenSource();
  early.cancel();
  const g = fakeDeps('current', null, () => undefined);
  await assert.rejects(simulateAt({ uri: URI, position: ALLOC, quiet: false }, g.deps, early.token, noProgress), SimulationCancelled);
  assert.equal(g.calls.length, 0);
});

test('the summary names violated invariants, lenient defaults and an early stop', () => {
  const r = fakeResult('f', 1234);
  r.invariants = [{ invariant: 'locks-released', description: '', checks: 3, failures: 1, ok: false }] as SimulationResult['invariants'];
  r.stubbed = [{ kind: 'unknown-call', name: 'g', count: 1, firstLine: 3 }] as SimulationResult['stubbed'];
  r.stopped = 'stopped at step limit';
  assert.equal(simulationSummary(r, 'no unsaved changes'),
    'f(): 1.2k ops/s on 20 CPUs (ceiling 1.2k, bound by pidmap_lock) · not compared: no unsaved changes · invariants violated: locks-released · 1 lenient default (see the report) · stopped early: stopped at step limit');
});
