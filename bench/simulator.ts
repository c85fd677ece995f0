/**
 * Simulator throughput: simulated alloc_pid()+free_pid() ops per second of wall
 * time (interpretation, invariant checks and the contention engine together),
 * on one core, for the pidmap samples at 20 CPUs. Prints the median of repeats.
 *
 *   node out/bench/simulator.js [--ops N] [--repeats R]
 *
 * `npm run bench` runs the same measurement (measureSimulator) with the others.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createCParser } from '../server/src/parsing/parser';
import { Program } from '../server/src/simulator/program';
import { Exec } from '../server/src/simulator/exec';
import { defaultScenario, NO_FAULTS } from '../server/src/simulator/scenario';
import { ThreadCreateExit, makeRng } from '../server/src/simulator/workload';
import { simulateContention } from '../server/src/simulator/contention';
import { DEFAULT_CONTENTION, DEFAULT_COSTS, DEFAULT_THREAD_WORKLOAD } from '../server/src/simulator/costs';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Finds samples/pidmap from the compiled location (out/bench) or the source one (bench). */
function samplesDir(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'samples', 'pidmap');
      if (fs.existsSync(candidate)) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`samples/pidmap not found above ${__dirname} or ${process.cwd()}`);
}

export interface SimulatorRate {
  file: string;
  /** Simulated alloc+free operations per wall-clock second, median of the repeats. */
  opsPerWallSecond: number;
  /** The model's throughput at 20 CPUs (simulated ops/s), for reference. */
  modelOpsPerSec: number;
  ops: number;
  repeats: number;
}

/** Runs the contention simulation of both pidmap samples `repeats` times each. */
export async function measureSimulator(ops: number, repeats: number): Promise<SimulatorRate[]> {
  const parser = await createCParser();
  const out: SimulatorRate[] = [];
  for (const name of ['pid_before.c', 'pid_after.c']) {
    const file = path.join(samplesDir(), name);
    const program = Program.parse(parser, file, fs.readFileSync(file, 'utf8'));
    const rates: number[] = [];
    let simulated = 0;
    for (let r = 0; r < repeats; r++) {
      const x = new Exec(DEFAULT_COSTS, { stepLimit: Number.MAX_SAFE_INTEGER, timeLimitMs: 600_000 });
      x.sources = program;
      x.setUp(defaultScenario(0));
      const rng = makeRng(1);
      const params = { ...DEFAULT_CONTENTION, warmupFraction: 0 };
      const source = new ThreadCreateExit(x, program, DEFAULT_THREAD_WORKLOAD, () => 1 + params.workJitter * (2 * rng() - 1), NO_FAULTS);
      const t0 = process.hrtime.bigint();
      const result = simulateContention(x, source, { cpus: 20, ops, params });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      rates.push(result.ops / seconds);
      simulated = result.opsPerSec;
    }
    out.push({ file: name, opsPerWallSecond: median(rates), modelOpsPerSec: simulated, ops, repeats });
  }
  parser.delete();
  return out;
}

async function main(): Promise<void> {
  const ops = arg('--ops', 200_000);
  const repeats = arg('--repeats', 5);
  for (const rate of await measureSimulator(ops, repeats)) {
    console.log(
      `${rate.file}: ${Math.round(rate.opsPerWallSecond).toLocaleString('en-US')} simulated alloc+free ops per wall-clock second ` +
        `(median of ${repeats} runs of ${ops.toLocaleString('en-US')} ops; model throughput ${rate.modelOpsPerSec.toLocaleString('en-US')} ops/s at 20 CPUs)`,
    );
  }
}

// `npm run bench` imports this module; run directly, it prints its own report.
if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
