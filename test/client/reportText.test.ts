/** Small command texts and the workspace-trust rule for simulating. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mustAskBeforeSimulating, reportDocumentPath, simulationFailureMessage, UNTRUSTED_SIMULATION_PROMPT } from '../../client/src/reportText';

test('an untrusted workspace asks before simulating, once per session; a trusted one never asks', () => {
  assert.equal(mustAskBeforeSimulating(false, false), true);
  assert.equal(mustAskBeforeSimulating(false, true), false);
  assert.equal(mustAskBeforeSimulating(true, false), false);
  assert.match(UNTRUSTED_SIMULATION_PROMPT, /not trusted/);
});

test('report document names are safe paths', () => {
  assert.equal(reportDocumentPath('alloc_pid'), '/alloc_pid — lock report.md');
  assert.equal(reportDocumentPath('../x/y'), '/.._x_y — lock report.md');
});

test('a simulate answer that is not a result says why when the server said', () => {
  assert.equal(simulationFailureMessage({ message: 'no function at the cursor' }), 'Kernel Lock Lens: the simulation gave no result: no function at the cursor');
  assert.equal(simulationFailureMessage(null), 'Kernel Lock Lens: the simulation gave no result.');
});
