/**
 * The simulation settings: every model parameter is a named setting whose default
 * is the simulator's calibrated value, validated field by field, and each one
 * reaches the simulation.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS, resolveSettings, SIMULATION_LIMITS } from '../../server/src/config';
import { DEFAULT_CONTENTION, DEFAULT_COSTS, DEFAULT_LOOP_WORK_NS, DEFAULT_THREAD_WORKLOAD } from '../../server/src/simulator/costs';
import { costTableFrom, simulationOptionsFrom } from '../../server/src/simulator/options';
import { simulateSource } from '../../server/src/simulator/simulate';
import { getParser, repoRoot, sample } from '../simulator/helpers';

const sim = DEFAULT_SETTINGS.simulation;

test('the simulation defaults are the calibrated ones of costs.ts', () => {
  assert.deepEqual(sim.contention, DEFAULT_CONTENTION);
  assert.deepEqual(sim.threadWorkload, DEFAULT_THREAD_WORKLOAD);
  assert.equal(sim.loopWorkNs, DEFAULT_LOOP_WORK_NS);
  const { statementNs, localCallNs, unknownCallNs, preloadRefillNs } = DEFAULT_COSTS;
  assert.deepEqual(sim.costs, { statementNs, localCallNs, unknownCallNs, preloadRefillNs });
  assert.deepEqual(sim.callCostsNs, {});
  // Unchanged settings share the calibrated table (the interpreter caches costs per table).
  assert.equal(costTableFrom(sim), DEFAULT_COSTS);
});

test('one contention parameter overrides only itself; bad values fall back one by one', () => {
  const s = resolveSettings({ simulation: { cpus: 8, contention: { handoffNs: 400 } } }).simulation;
  assert.equal(s.cpus, 8);
  assert.deepEqual(s.contention, { ...DEFAULT_CONTENTION, handoffNs: 400 });
  assert.deepEqual(s.threadWorkload, DEFAULT_THREAD_WORKLOAD);
  const bad = resolveSettings({
    simulation: {
      cpus: 0, nsLevel: 2.5, ops: 'many', seed: -1, loopWorkNs: Number.NaN,
      contention: { handoffNs: -5, falseSharing: 'yes', workJitter: 1.5, dataMigrationNs: 100 },
      threadWorkload: 'none',
      callCostsNs: { idr_alloc: 120, kmalloc: -1, bogus: '3' },
    },
  }).simulation;
  assert.deepEqual(
    { cpus: bad.cpus, nsLevel: bad.nsLevel, ops: bad.ops, seed: bad.seed, loopWorkNs: bad.loopWorkNs },
    { cpus: sim.cpus, nsLevel: sim.nsLevel, ops: sim.ops, seed: sim.seed, loopWorkNs: sim.loopWorkNs },
  );
  assert.deepEqual(bad.contention, { ...DEFAULT_CONTENTION, dataMigrationNs: 100 });
  assert.deepEqual(bad.threadWorkload, DEFAULT_THREAD_WORKLOAD);
  assert.deepEqual(bad.callCostsNs, { idr_alloc: 120 });
  assert.deepEqual(resolveSettings({ simulation: 'fast' }).simulation, sim);
});

test('package.json declares the same bounds as config.ts', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
  const props: Record<string, { minimum?: number; maximum?: number; type: string }> = pkg.contributes.configuration.properties;
  const named = SIMULATION_LIMITS as Record<string, { min: number; max: number }>;
  const checked: string[] = [];
  for (const [name, prop] of Object.entries(props)) {
    if (!name.startsWith('locklens.simulation.') || (prop.type !== 'number' && prop.type !== 'integer')) continue;
    const key = name.split('.').at(-1)!;
    const limit = named[key] ?? SIMULATION_LIMITS.ns;
    assert.equal(prop.minimum, limit.min, `${name} minimum`);
    assert.equal(prop.maximum, limit.max, `${name} maximum`);
    checked.push(key);
  }
  assert.ok(checked.includes('handoffNs') && checked.includes('cpus') && checked.includes('workJitter'), checked.join(', '));
});

test('the settings reach the simulation: a dearer handoff or IDR slows pid_before, and the scenario is the settings\'', async () => {
  const parser = await getParser();
  const quick = { scalingCpus: [], faultSweep: false };
  const run = (raw: unknown) => simulateSource(parser, sample('pid_before.c'), {
    ...simulationOptionsFrom(resolveSettings({ simulation: raw }).simulation, 'alloc_pid'), ...quick,
  });
  const base = run({ ops: 4000 });
  const slowHandoff = run({ ops: 4000, contention: { handoffNs: 600 } });
  const slowIdr = run({ ops: 4000, callCostsNs: { idr_alloc_cyclic: 400 } });
  const fewCpus = run({ ops: 4000, cpus: 2 });
  assert.ok(slowHandoff.opsPerSec < base.opsPerSec * 0.9, `${slowHandoff.opsPerSec} vs ${base.opsPerSec}`);
  assert.ok(slowIdr.opsPerSec < base.opsPerSec * 0.95, `${slowIdr.opsPerSec} vs ${base.opsPerSec}`);
  assert.equal(fewCpus.cpus, 2);
  assert.ok(fewCpus.opsPerSec < base.opsPerSec);
  // The pidmap_lock hold time grows by the extra IDR cost (the allocation runs under it).
  const hold = (r: typeof base) => r.locks.find((l) => l.lock === 'pidmap_lock')!.holdNs.mean;
  assert.ok(hold(slowIdr) > hold(base) + 50, `${hold(slowIdr)} vs ${hold(base)}`);
});
