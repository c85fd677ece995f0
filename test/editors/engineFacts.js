// Prints 1 when the lock engine reports facts for the pidmap sample, else 0. Until it does, the
// real-editor tiers report the checks that need those facts as todo; from then on they enforce
// them (the same rule as engineReportsLocks() in test/cli/cliHarness.ts).
// LOCKLENS_EDITORS_STRICT=1 enforces every check regardless.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
if (process.env.LOCKLENS_EDITORS_STRICT === '1') {
  process.stdout.write('1\n');
} else {
  const r = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'check', '--format', 'json', 'samples/pidmap/pid_before.c'],
    { cwd: root, encoding: 'utf8' });
  let reports = false;
  try {
    reports = JSON.parse(r.stdout).files.some((f) => f.functions.some((fn) => fn.locks.length > 0));
  } catch {
    reports = false;
  }
  process.stdout.write(reports ? '1\n' : '0\n');
}
