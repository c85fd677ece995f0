/** Command-line parsing for `locklens check`: every mistake becomes a UsageError naming it. */
import * as os from 'os';

export type Format = 'text' | 'json' | 'sarif';

export interface CheckOptions {
  format: Format;
  configPath: string | null;
  summary: boolean;
  verbose: boolean;
  /** Worker threads for directory checks; null means "decide from the input size". */
  jobs: number | null;
  paths: string[];
}

export class UsageError extends Error {}

export const USAGE = `usage: locklens check [--format text|json|sarif] [--config settings.json] [--summary] [--jobs N] [--verbose] PATH...
       locklens simulate FILE --function NAME [--cpus N] [--ns-level L] [--ops N] [--seed S] [--baseline FILE] [--format text|json]
       locklens demo DIR
       locklens --help | --version

check   analyses C files, and directories recursively (*.c, *.h).
        Exit status: 0 no error-severity diagnostic, 1 at least one, 2 usage or I/O error.
`;

/** Default worker count: every core the process may use. */
export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Splits `--name=value` and takes the next argument for options that need one. */
export function parseCheckArgs(argv: string[]): CheckOptions {
  const opts: CheckOptions = { format: 'text', configPath: null, summary: false, verbose: false, jobs: null, paths: [] };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      opts.paths.push(arg);
      continue;
    }
    if (arg === '--') { onlyPaths = true; continue; }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) throw new UsageError(`option ${name} needs a value`);
      return argv[++i];
    };
    switch (name) {
      case '--format': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}' (expected text, json or sarif)`);
        opts.format = f;
        break;
      }
      case '--config': opts.configPath = value(); break;
      case '--jobs': case '-j': {
        const raw = value();
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs needs a positive whole number, got '${raw}'`);
        opts.jobs = n;
        break;
      }
      case '--summary': opts.summary = true; break;
      case '--verbose': opts.verbose = true; break;
      default: throw new UsageError(`unknown option '${arg}'`);
    }
  }
  if (opts.paths.length === 0) throw new UsageError('no PATH given: name the C files or directories to check');
  return opts;
}
