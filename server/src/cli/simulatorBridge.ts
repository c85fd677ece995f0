/**
 * `locklens simulate` lives in the simulator (server/src/simulator/cli.ts). It is
 * loaded through a `require` inside try/catch so that this bundle still builds
 * while that module does not exist yet (webpack reports an optional dependency
 * it cannot resolve as a warning and leaves a stub that throws MODULE_NOT_FOUND).
 */

/** A sink for the simulator's output: process.stdout and process.stderr fit. */
export interface Writer {
  write(text: string): unknown;
}

/** The simulator's entry point: argv after `simulate`; resolves to the exit status. */
export type SimulateCommand = (args: string[], out: Writer, err: Writer) => number | Promise<number>;

export function loadSimulateCommand(): SimulateCommand | null {
  let mod: { simulateCommand?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../simulator/cli');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return null;
    throw err;
  }
  return typeof mod.simulateCommand === 'function' ? (mod.simulateCommand as SimulateCommand) : null;
}

/** Runs the simulator collecting what it writes, for the demo's report. */
export async function simulateCaptured(simulate: SimulateCommand, args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await simulate(args, { write: (t) => { out += t; return true; } }, { write: (t) => { err += t; return true; } });
  return { status, out, err };
}
