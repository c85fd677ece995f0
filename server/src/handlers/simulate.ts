/**
 * `locklens.simulate [uri, position, options?]`: the contention simulation of the
 * function at a position, from the document's current text (unsaved edits
 * included), compared with the saved version on disk. The run happens in a worker
 * (simulator/runner.ts); this module only picks the function, the baseline and the
 * options, follows cancellation, and words the answer. No LSP connection here.
 */
import type { CancellationToken, Position } from 'vscode-languageserver-protocol';
import type { FileAnalysis, FunctionFacts } from '../analysis/types';
import type { LockLensSettings } from '../config';
import type { SimulateCommandAnswer } from '../protocol';
import { toJsonResult } from '../simulator/json';
import { simulationOptionsFrom } from '../simulator/options';
import { SimulationCancelled, SimulationRejected, type RunningSimulation } from '../simulator/runner';
import type { SimulationOptions, SimulationResult, SourceInput } from '../simulator/simulate';
import { functionAt } from './positions';

export interface SimulateArgs {
  uri: string;
  position: Position;
  quiet: boolean;
}

/** `[uri, position, {quiet}?]`, or null when the arguments are not that. */
export function readSimulateArgs(args: unknown[]): SimulateArgs | null {
  const [uri, position, options] = args;
  const p = position as { line?: unknown; character?: unknown } | null;
  if (typeof uri !== 'string' || !p || typeof p.line !== 'number' || typeof p.character !== 'number') return null;
  const quiet = !!options && typeof options === 'object' && (options as { quiet?: unknown }).quiet === true;
  return { uri, position: { line: p.line, character: p.character }, quiet };
}

/** The file defines both halves of the thread create/exit workload (simulate.ts picks it for these two). */
export function usesThreadWorkload(analysis: FileAnalysis, fn: string): boolean {
  const names = new Set(analysis.functions.map((f) => f.name));
  return (fn === 'alloc_pid' || fn === 'free_pid') && names.has('alloc_pid') && names.has('free_pid');
}

/** What the simulation of `fn` will run, for lens tooltips and progress messages. */
export function workloadPhrase(analysis: FileAnalysis, fn: FunctionFacts, settings: LockLensSettings): string {
  const cpus = `${settings.simulation.cpus} CPU${settings.simulation.cpus === 1 ? '' : 's'}`;
  return usesThreadWorkload(analysis, fn.name)
    ? `thread create/exit (alloc_pid() + free_pid() + the rest of fork and exit) on ${cpus}`
    : `${fn.name}() called in a loop on ${cpus}`;
}

export interface OpenDocumentState {
  text: string;
  path: string;
  analysis: FileAnalysis;
  settings: LockLensSettings;
}

export interface SimulateDeps {
  /** The open document's current text and facts; null when it is not open. */
  current(uri: string): Promise<OpenDocumentState | null>;
  /** The saved version's text, or null when there is none (unsaved buffer, unreadable, too large). */
  savedText(uri: string, maxBytes: number): Promise<string | null>;
  run(source: SourceInput, options: SimulationOptions, baseline?: SourceInput): RunningSimulation;
}

/** Progress as the LSP work-done reporter takes it; a no-op one for clients without progress. */
export interface ProgressSink {
  begin(title: string, message: string): void;
  report(message: string): void;
}

function kops(v: number): string {
  return `${(v / 1000).toFixed(1)}k`;
}

/**
 * `alloc_pid(): 541.8k ops/s on 20 CPUs (ceiling 541.8k, bound by tasklist_lock) ·
 * 1.164× the saved version (465.3k ops/s), explained by pidmap_lock · invariants held`.
 */
export function simulationSummary(r: SimulationResult, notCompared: string | null): string {
  const parts = [`${r.function}(): ${kops(r.opsPerSec)} ops/s on ${r.cpus} CPUs (ceiling ${kops(r.ceilingOpsPerSec)}, bound by ${r.bottleneck ?? 'no lock'})`];
  if (r.baseline && r.speedup !== null) {
    parts.push(`${r.speedup.toFixed(3)}× the saved version (${kops(r.baseline.opsPerSec)} ops/s)${r.comparison?.lock ? `, explained by ${r.comparison.lock}` : ''}`);
  } else if (notCompared) {
    parts.push(`not compared: ${notCompared}`);
  }
  const failed = [...r.invariants, ...(r.baseline?.invariants ?? [])].filter((i) => !i.ok).map((i) => i.invariant);
  parts.push(failed.length ? `invariants violated: ${[...new Set(failed)].join(', ')}` : 'invariants held');
  if (r.stubbed.length) parts.push(`${r.stubbed.length} lenient default${r.stubbed.length === 1 ? '' : 's'} (see the report)`);
  if (r.stopped) parts.push(`stopped early: ${r.stopped}`);
  return parts.join(' · ');
}

/** Waits for the run, cancelling it (and waiting for its thread to end) when the token fires. */
async function follow(running: RunningSimulation, token: CancellationToken): Promise<SimulationResult> {
  // An already-cancelled token would call a new listener too, later: cancel once, now.
  if (token.isCancellationRequested) running.cancel();
  const listener = token.isCancellationRequested ? { dispose: () => undefined } : token.onCancellationRequested(() => running.cancel());
  try {
    return await running.promise;
  } catch (err) {
    if (err instanceof SimulationCancelled) await running.exited;
    throw err;
  } finally {
    listener.dispose();
  }
}

/**
 * Runs the simulation the arguments ask for. Resolves with the answer (a result, or a
 * message saying why there is none); rejects with SimulationCancelled once a cancelled
 * run's worker has stopped, or with an Error when the worker failed.
 */
export async function simulateAt(args: SimulateArgs, deps: SimulateDeps, token: CancellationToken, progress: ProgressSink): Promise<SimulateCommandAnswer> {
  const doc = await deps.current(args.uri);
  if (!doc) return { message: `${args.uri} is not open: open it to simulate its functions.` };
  if (doc.analysis.skipped) return { message: `not simulated: ${doc.analysis.skipped}` };
  const fn = functionAt(doc.analysis, args.position);
  if (!fn) return { message: `no function at line ${args.position.line + 1}: put the cursor inside the function to simulate.` };
  if (token.isCancellationRequested) throw new SimulationCancelled();

  const saved = await deps.savedText(args.uri, doc.settings.maxFileBytes);
  const notCompared = saved === null ? 'no saved version on disk' : saved === doc.text ? 'no unsaved changes' : null;
  const source = { path: doc.path, text: doc.text };
  const baseline = saved !== null && saved !== doc.text ? { path: `${doc.path} (saved)`, text: saved } : undefined;

  progress.begin(`Simulating ${fn.name}()`, `${workloadPhrase(doc.analysis, fn, doc.settings)}${baseline ? ', then its saved version' : ''}`);
  let result: SimulationResult;
  try {
    result = await follow(deps.run(source, simulationOptionsFrom(doc.settings.simulation, fn.name), baseline), token);
  } catch (err) {
    if (err instanceof SimulationRejected) return { message: `${fn.name}() cannot be simulated: ${err.message}` };
    throw err;
  }
  const skipped = result.baselineSkipped ? `the saved version cannot be simulated (${result.baselineSkipped})` : null;
  const why = notCompared ?? skipped;
  progress.report('done');
  return {
    ...toJsonResult(result),
    summary: simulationSummary(result, why),
    comparedWith: result.baseline ? 'saved' : null,
    notCompared: result.baseline ? null : why,
  };
}
