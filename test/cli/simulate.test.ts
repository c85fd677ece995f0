/** `locklens simulate` reaches the simulator through the CLI bundle, and its JSON is what the report reads. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { AFTER, BEFORE, cli } from './cliHarness';
import { readSimulationResult } from '../../client/src/simulationResult';

test('simulate --format json: exit 0, a result the simulation report understands, with its baseline', () => {
  const run = cli(['simulate', AFTER, '--function', 'alloc_pid', '--baseline', BEFORE, '--format', 'json', '--ops', '500']);
  assert.equal(run.status, 0, run.stderr);
  const result = readSimulationResult(JSON.parse(run.stdout));
  assert.ok(result, 'the report can read the simulator JSON');
  assert.equal(result.function, 'alloc_pid');
  assert.equal(result.cpus, 20);
  assert.ok(result.opsPerSec > 0 && result.ceilingOpsPerSec >= result.opsPerSec * 0.99);
  assert.ok(result.baseline && result.baseline.opsPerSec > 0);
  assert.ok(result.locks.some((l) => l.lock === 'pidmap_lock'));
  assert.ok(result.scaling.length > 1, 'the scaling curve is in the JSON');
});

test('simulate: an unknown function is an input error, exit 2 naming it', () => {
  const run = cli(['simulate', AFTER, '--function', 'no_such_function']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /no_such_function/);
});
