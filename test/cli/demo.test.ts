/** `locklens demo`: a report on the pidmap samples, and usage errors. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { AFTER, BEFORE, cli } from './cliHarness';

test('demo on the pidmap samples: both files, every function, and the simulated comparison or why it is absent', () => {
  const run = cli(['demo', 'samples/pidmap']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^Kernel Lock Lens \S+ — lock report for samples\/pidmap$/m);
  for (const file of [BEFORE, AFTER]) assert.ok(run.stdout.includes(file), file);
  for (const fn of ['alloc_pid', 'free_pid']) assert.ok(run.stdout.includes(`${fn}()`), fn);
  assert.match(run.stdout, /Simulated (contention: alloc_pid\(\)|comparison: the contention simulator is not built yet)/);
});

test('demo needs exactly one existing directory', () => {
  for (const args of [['demo'], ['demo', 'samples/pidmap', 'extra'], ['demo', 'no/such/dir'], ['demo', BEFORE]]) {
    const run = cli(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, /demo/);
  }
});
