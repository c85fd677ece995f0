/**
 * `locklens simulate FILE --function NAME [--cpus N] [--ns-level L] [--ops N]
 * [--seed S] [--baseline FILE] [--format text|json]`, and the demo's comparison.
 * Exit status: 0 done (even when invariants were violated: they are the report),
 * 2 usage or input error, with a message naming the problem.
 */
import * as fs from 'fs';
import { createCParser } from '../parsing/parser';
import { DEFAULT_SETTINGS } from '../config';
import { simulateSource, SimulationInputError, type SimulationOptions, type SimulationResult } from './simulate';
import { formatComparison, formatResult } from './report';
import { toJsonResult } from './json';
import { simulationOptionsFrom } from './options';

/** Either a function taking text or a stream-like object with write() (process.stdout). */
export type Sink = ((s: string) => void) | { write(s: string): unknown };

function writer(s: Sink): (text: string) => void {
  return typeof s === 'function' ? s : (text) => void s.write(text);
}

const USAGE = 'usage: locklens simulate FILE --function NAME [--cpus N] [--ns-level L] [--ops N] [--seed S] [--baseline FILE] [--format text|json]\n';

interface Parsed {
  file: string;
  baseline: string | null;
  format: 'text' | 'json';
  options: SimulationOptions;
}

/** Parses the arguments; a string is the usage error. */
export function parseSimulateArgs(args: string[]): Parsed | string {
  const d = DEFAULT_SETTINGS.simulation;
  let file: string | null = null;
  let fn: string | null = null;
  let baseline: string | null = null;
  let format: 'text' | 'json' = 'text';
  const nums = { cpus: d.cpus, nsLevel: d.nsLevel, ops: d.ops, seed: d.seed };
  const limits: Record<keyof typeof nums, [number, number]> = { cpus: [1, 1024], nsLevel: [0, 32], ops: [1, 10_000_000], seed: [0, 2 ** 32 - 1] };
  const flags: Record<string, keyof typeof nums> = { '--cpus': 'cpus', '--ns-level': 'nsLevel', '--ops': 'ops', '--seed': 'seed' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | null => (inline !== undefined ? inline : i + 1 < args.length ? args[++i] : null);
    if (flag === '--function') {
      fn = value();
      if (!fn) return '--function needs a function name';
    } else if (flag === '--baseline') {
      baseline = value();
      if (!baseline) return '--baseline needs a file';
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') return `--format must be text or json, not ${v ?? 'nothing'}`;
      format = v;
    } else if (flag in flags) {
      const key = flags[flag];
      const v = value();
      const n = v !== null && /^\d+$/.test(v) ? Number(v) : NaN;
      const [lo, hi] = limits[key];
      if (!Number.isInteger(n) || n < lo || n > hi) return `${flag} must be an integer from ${lo} to ${hi}, not ${v ?? 'nothing'}`;
      nums[key] = n;
    } else if (flag === '--help' || flag === '-h') {
      return '';
    } else if (flag.startsWith('-')) {
      return `unknown option ${flag}`;
    } else if (file === null) {
      file = a;
    } else {
      return `unexpected argument ${a} (one FILE only)`;
    }
  }
  if (!file) return 'missing FILE';
  if (!fn) return 'missing --function NAME';
  return { file, baseline, format, options: { functionName: fn, ...nums } };
}

function readSource(path: string): string {
  try {
    const stat = fs.statSync(path);
    if (!stat.isFile()) throw new SimulationInputError(`${path} is not a file`);
    if (stat.size > DEFAULT_SETTINGS.maxFileBytes) throw new SimulationInputError(`${path} is ${stat.size} bytes, over the ${DEFAULT_SETTINGS.maxFileBytes}-byte limit`);
    const text = fs.readFileSync(path, 'utf8');
    if (text.slice(0, 8192).includes('\u0000')) throw new SimulationInputError(`${path} looks binary (NUL bytes)`);
    return text;
  } catch (err) {
    if (err instanceof SimulationInputError) throw err;
    throw new SimulationInputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** Runs a parsed command; throws SimulationInputError on bad input. */
async function run(p: Parsed): Promise<SimulationResult> {
  const text = readSource(p.file);
  const base = p.baseline ? { path: p.baseline, text: readSource(p.baseline) } : undefined;
  const parser = await createCParser();
  try {
    return simulateSource(parser, { path: p.file, text }, p.options, base);
  } finally {
    parser.delete();
  }
}

/** `locklens simulate ...`: resolves to the exit status. */
export async function simulateCommand(args: string[], out: Sink, err: Sink): Promise<number> {
  const o = writer(out);
  const e = writer(err);
  const p = parseSimulateArgs(args);
  if (typeof p === 'string') {
    if (p === '') {
      o(USAGE);
      return 0;
    }
    e(`locklens simulate: ${p}\n${USAGE}`);
    return 2;
  }
  try {
    const r = await run(p);
    o(p.format === 'json' ? JSON.stringify(toJsonResult(r), null, 2) + '\n' : formatResult(r));
    return 0;
  } catch (x) {
    if (x instanceof SimulationInputError) {
      e(`locklens simulate: ${x.message}\n`);
      return 2;
    }
    throw x;
  }
}

/** The demo's before/after comparison of alloc_pid, as text. */
export async function simulateDemo(beforePath: string, afterPath: string, functionName = 'alloc_pid'): Promise<string> {
  const r = await run({ file: afterPath, baseline: beforePath, format: 'text', options: simulationOptionsFrom(DEFAULT_SETTINGS.simulation, functionName) });
  return formatComparison(r);
}
