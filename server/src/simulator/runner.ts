/**
 * Runs a simulation off the calling thread (the LSP's): one worker per run,
 * terminated on cancel. The simulation's own step and time limits end runaway
 * runs; terminating the worker is what makes cancellation immediate.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { SimulationOptions, SimulationResult, SourceInput } from './simulate';

export interface WorkerRequest {
  id: number;
  source: SourceInput;
  baseline?: SourceInput;
  /** A baseline that cannot be simulated is left out (see simulateSource) instead of failing the run. */
  optionalBaseline?: boolean;
  options: SimulationOptions;
}

export type WorkerReply =
  | { id: number; ok: true; result: SimulationResult }
  | { id: number; ok: false; inputError: boolean; error: string };

/** Rejection reason when the run was cancelled. */
export class SimulationCancelled extends Error {
  constructor() {
    super('simulation cancelled');
  }
}

/** Rejection reason for bad input (unknown function, unparsable nesting): show the message as is. */
export class SimulationRejected extends Error {}

export interface RunningSimulation {
  promise: Promise<SimulationResult>;
  cancel(): void;
  /** Resolves once the worker thread has exited (after the result, a cancel or a crash). */
  exited: Promise<void>;
}

/** The worker script: dist/simWorker.js beside the bundle, or simWorker.js beside this compiled file. */
export function simulationWorkerScript(from: string = __dirname): string {
  const beside = path.join(from, 'simWorker.js');
  if (fs.existsSync(beside)) return beside;
  throw new Error(`cannot find simWorker.js beside ${from}`);
}

let nextId = 1;

/**
 * Starts a simulation on a worker thread. `promise` resolves with the result, or
 * rejects with SimulationCancelled, SimulationRejected (bad input), or an Error.
 */
export function runSimulationInWorker(
  source: SourceInput,
  options: SimulationOptions,
  baseline?: SourceInput,
  { script, optionalBaseline = false }: { script?: string; optionalBaseline?: boolean } = {},
): RunningSimulation {
  const worker = new Worker(script ?? simulationWorkerScript());
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let settled = false;
  let cancel: () => void = () => undefined;
  const promise = new Promise<SimulationResult>((resolve, reject) => {
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.ok) finish(() => resolve(reply.result));
      else finish(() => reject(reply.inputError ? new SimulationRejected(reply.error) : new Error(reply.error)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`simulation worker exited with code ${code}`))));
    cancel = () => finish(() => reject(new SimulationCancelled()));
  });
  const request: WorkerRequest = { id: nextId++, source, baseline, optionalBaseline, options };
  worker.postMessage(request);
  return { promise, cancel: () => cancel(), exited };
}
