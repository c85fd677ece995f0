/**
 * The workspace index and its scan without a client: merging files' exports
 * (open documents over the disk, ambiguous names left out), change events and
 * versions, the order and limits of the walk, and the scanner on its worker.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { emptySummary, type FunctionSummary } from '../../server/src/analysis/summaries';
import { WorkspaceIndex, type IndexChanges } from '../../server/src/documents/workspaceIndex';
import { ScanPlan, WorkspaceScanner, isScannedFile, isScannedFolder } from '../../server/src/documents/workspaceScan';
import { resolveSettings } from '../../server/src/config';
import { REPO_ROOT, SERVER_BUNDLE } from './harness';

const sleeps = (name: string, why = 'msleep() may sleep'): FunctionSummary => ({ ...emptySummary(name, []), maySleep: why });

function recorded(index: WorkspaceIndex): Array<[string, string | null]>[] {
  const events: Array<[string, string | null]>[] = [];
  index.onChange((changes: IndexChanges) => events.push([...changes].map(([n, s]) => [n, s?.maySleep ?? null])));
  return events;
}

test('index: one definition gives a summary, a second file makes the name ambiguous, removing it restores the first', () => {
  const index = new WorkspaceIndex();
  const events = recorded(index);
  index.setScanned('/w/a.c', new Map([['grow', sleeps('grow')], ['quiet', null]]));
  assert.deepEqual([...index.summaries.keys()], ['grow']);
  index.setScanned('/w/c.c', new Map([['grow', null]]));
  assert.deepEqual([...index.summaries.keys()], []);
  index.setScanned('/w/c.c', new Map());
  assert.deepEqual([...index.summaries.keys()], ['grow']);
  assert.deepEqual(events, [[['grow', 'msleep() may sleep']], [['grow', null]], [['grow', 'msleep() may sleep']]]);
  assert.equal(index.version, 3);
});

test('index: an open document wins over its file on disk until it closes; an unchanged summary is no change', () => {
  const index = new WorkspaceIndex();
  const events = recorded(index);
  index.setScanned('/w/a.c', new Map([['grow', sleeps('grow')]]));
  index.setOpen('/w/a.c', new Map([['grow', sleeps('grow')]]));
  assert.equal(events.length, 1, 'same summary from the open document: nothing changed');
  index.setOpen('/w/a.c', new Map([['grow', null]]));
  assert.equal(index.summaries.has('grow'), false);
  const before = index.version;
  index.closeOpen('/w/a.c');
  assert.equal(index.summaries.get('grow')?.maySleep, 'msleep() may sleep', 'back to the disk version');
  assert.ok(index.changedSince(['grow'], before));
  assert.ok(!index.changedSince(['other'], before));
  assert.ok(!index.changedSince(['grow'], index.version));
  assert.equal(index.files, 1);
});

test('index: a document that is only open (never scanned) leaves nothing behind when closed; clear() removes everything', () => {
  const index = new WorkspaceIndex();
  index.setOpen('untitled:1', new Map([['f', sleeps('f')]]));
  index.closeOpen('untitled:1');
  assert.equal(index.summaries.size, 0);
  index.setScanned('/w/a.c', new Map([['f', sleeps('f')]]));
  const events = recorded(index);
  index.clear();
  assert.equal(index.summaries.size, 0);
  assert.deepEqual(events, [[['f', null]]]);
  assert.deepEqual(index.snapshot(), { version: index.version, changes: [], replace: true });
});

/** A small tree: sources at several depths, and what the walk must skip. */
function makeTree(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'locklens-scan-'));
  const files = [
    'top.c', 'notes.txt', 'helpers.h', 'gen.mod.c',
    'kernel/pid.c', 'kernel/fork.c', 'kernel/sched/core.c',
    'mm/slab.c', 'mm/deep/er/most.c',
    '.git/objects/x.c', '.cache/linux/kernel/pid.c', 'node_modules/pkg/a.c', 'build/gen.c', 'out/x.c',
  ];
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), 'int x;\n');
  }
  fs.symlinkSync(path.join(root, 'kernel'), path.join(root, 'loop'));
  return root;
}

async function drain(plan: ScanPlan, root: string): Promise<string[]> {
  const out: string[] = [];
  for (let f = await plan.next(); f; f = await plan.next()) out.push(path.relative(root, f));
  return out;
}

test('scan plan: *.c files breadth-first by name; hidden folders, dependencies, build output, generated and linked files skipped', async () => {
  const root = makeTree();
  try {
    assert.deepEqual(await drain(new ScanPlan([root]), root), [
      'top.c', 'kernel/fork.c', 'kernel/pid.c', 'mm/slab.c', 'kernel/sched/core.c', 'mm/deep/er/most.c',
    ]);
    assert.ok(isScannedFile('a.c') && !isScannedFile('a.h') && !isScannedFile('a.mod.c'));
    assert.ok(isScannedFolder('kernel') && !isScannedFolder('.git') && !isScannedFolder('node_modules'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('scan plan: the open document\'s folder comes first; nothing outside the roots', async () => {
  const root = makeTree();
  try {
    const plan = new ScanPlan([root]);
    plan.first(path.join(root, 'mm'));
    plan.first(os.tmpdir());
    assert.deepEqual(await drain(plan, root), ['mm/slab.c', 'top.c', 'kernel/fork.c', 'kernel/pid.c', 'mm/deep/er/most.c', 'kernel/sched/core.c']);
    assert.ok(plan.covers(path.join(root, 'mm', 'slab.c')));
    assert.ok(!plan.covers(path.join(os.tmpdir(), 'elsewhere.c')));
    assert.ok(!plan.covers(root));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/** Resolves once `probe` holds, checking on each timer turn; gives up after 4,000 turns. */
async function until(probe: () => boolean): Promise<void> {
  for (let turn = 0; !probe(); turn++) {
    if (turn > 4000) throw new Error(`never happened: ${probe.toString()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('scanner: summarises the folder\'s files on its worker, within maxFiles, and says so in the log', async () => {
  const logs: string[] = [];
  const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
  const pool = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace');
  const index = new WorkspaceIndex();
  let settings = resolveSettings({ workspace: { index: { maxFiles: 1 } } });
  const scanner = new WorkspaceScanner(SERVER_BUNDLE, index, () => settings, log);
  try {
    scanner.request([pool], [path.join(pool, 'pool')]);
    await until(() => logs.some((l) => /indexed 1 files/.test(l)));
    assert.match(logs.find((l) => /indexed/.test(l))!, /stopped at locklens\.workspace\.index\.maxFiles \(1\)/);
    assert.ok(index.hasScanned(path.join(pool, 'pool', 'a.c')), 'the open document\'s folder first');
    assert.ok(index.summaries.has('pool_release_one'));
    settings = resolveSettings({ workspace: { index: { maxFiles: 10 } } });
    scanner.request([pool], []);
    await until(() => logs.some((l) => /indexed 3 files/.test(l)));
    assert.ok(!index.summaries.has('pool_grow'), 'a.c and other/c.c both define it');
    assert.ok(index.summaries.has('stats_refill'), 'b.c scanned too');
    assert.ok(!logs.some((l) => /left .* out|cannot scan/.test(l)), logs.join('\n'));
    // Stopped (the index turned off) and asked again: it starts over.
    scanner.stop();
    index.clear();
    logs.length = 0;
    scanner.request([pool], []);
    await until(() => logs.some((l) => /indexed 3 files/.test(l)));
    assert.ok(index.summaries.has('pool_release_one'));
  } finally {
    scanner.dispose();
  }
});
