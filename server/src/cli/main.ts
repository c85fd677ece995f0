#!/usr/bin/env node
/**
 * The `locklens` command line: `check`, `simulate`, `demo`. Also the script of
 * its own analysis workers (`check --jobs`), so there is one file to ship.
 */
import * as fs from 'fs';
import * as path from 'path';
import { isMainThread } from 'worker_threads';
import { USAGE, UsageError } from './args';
import { checkCommand, EXIT_USAGE_OR_IO } from './check';
import { ConfigError } from './settingsFile';
import { demoCommand } from './demo';
import { isCheckWorker, serveCheckWorker } from './runChecks';
import { loadSimulator } from './simulatorBridge';
import type { Output } from './output';

/** The package version, from the package.json above this file (dist/ or out/server/src/cli/). */
export function toolVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (pkg.name === 'kernel-lock-lens') return String(pkg.version);
    } catch { /* not here: keep looking upwards */ }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}

export async function runCli(argv: string[], io: Output, script: string): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await checkCommand(rest, io, script);
      case 'simulate': {
        const simulator = loadSimulator();
        if (!simulator) {
          io.err('locklens: simulate: the contention simulator is not built yet (server/src/simulator/cli.ts is missing from this build)\n');
          return EXIT_USAGE_OR_IO;
        }
        return await simulator.simulateCommand(rest, process.stdout, process.stderr);
      }
      case 'demo':
        return await demoCommand(rest, io);
      case '--version': case '-V':
        io.out(`${io.version}\n`);
        return 0;
      case '--help': case '-h': case 'help':
        io.out(USAGE);
        return 0;
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`locklens: ${err.message}\n${USAGE}`);
      return EXIT_USAGE_OR_IO;
    }
    if (err instanceof ConfigError) {
      io.err(`locklens: ${err.message}\n`);
      return EXIT_USAGE_OR_IO;
    }
    io.err(`locklens: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    return EXIT_USAGE_OR_IO;
  }
}

/** Sets the exit code and lets pending output drain instead of calling process.exit. */
async function main(): Promise<void> {
  const io: Output = {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    version: toolVersion(),
  };
  // A reader that closes early (`locklens check . | head`) is not an error of ours.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); });
  process.exitCode = await runCli(process.argv.slice(2), io, __filename);
}

if (!isMainThread && isCheckWorker()) void serveCheckWorker();
else if (require.main === module || isBundledEntry()) void main();

/** In the webpack bundle `require.main === module` does not hold for the inlined module; the entry is this file. */
function isBundledEntry(): boolean {
  return typeof __webpack_require__ !== 'undefined';
}
declare const __webpack_require__: unknown;
