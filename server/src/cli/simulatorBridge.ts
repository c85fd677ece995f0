/**
 * `locklens simulate` and the demo's comparison live in the simulator
 * (server/src/simulator/cli.ts). It is loaded through a `require` inside
 * try/catch so that the CLI also builds and runs without it (webpack reports an
 * optional dependency it cannot resolve as a warning and leaves a stub that
 * throws MODULE_NOT_FOUND): `simulate` then says the simulator is missing.
 */

/** A sink for the simulator's output: process.stdout and process.stderr fit. */
export interface Writer {
  write(text: string): unknown;
}

export interface SimulatorCli {
  /** argv after `simulate` → exit status. */
  simulateCommand(args: string[], out: Writer, err: Writer): number | Promise<number>;
  /** The demo's before/after comparison, as text. */
  simulateDemo?(beforePath: string, afterPath: string, functionName?: string): Promise<string>;
}

export function loadSimulator(): SimulatorCli | null {
  let mod: Partial<SimulatorCli>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('../simulator/cli');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return null;
    throw err;
  }
  return typeof mod.simulateCommand === 'function' ? (mod as SimulatorCli) : null;
}
