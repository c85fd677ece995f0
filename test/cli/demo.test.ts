/** `locklens demo`: a report on the pidmap samples, and usage errors. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { AFTER, BEFORE, cli } from './cliHarness';

test('demo on the pidmap samples: both files, every function, and the simulated before/after comparison', () => {
  const run = cli(['demo', 'samples/pidmap']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^Kernel Lock Lens \S+ — lock report for samples\/pidmap$/m);
  for (const file of [BEFORE, AFTER]) assert.ok(run.stdout.includes(file), file);
  for (const fn of ['alloc_pid', 'free_pid']) assert.ok(run.stdout.includes(`${fn}()`), fn);
  assert.ok(run.stdout.indexOf(BEFORE) < run.stdout.indexOf(AFTER), 'the story reads before → after');
  assert.ok(run.stdout.includes(`Simulated contention: alloc_pid() in ${AFTER} against ${BEFORE}`));
  assert.match(run.stdout, /before \(samples\/pidmap\/pid_before\.c\): [\d.]+k ops\/s/);
  assert.match(run.stdout, /speed-up [\d.]+×/);
});

test('demo needs exactly one existing directory', () => {
  for (const args of [['demo'], ['demo', 'samples/pidmap', 'extra'], ['demo', 'no/such/dir'], ['demo', BEFORE]]) {
    const run = cli(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, /demo/);
  }
});
