/** Exit status 2 with a message naming the problem; a bad path never stops the good ones. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { AFTER, assertContractShape, checkJson, cli, tempDir } from './cliHarness';

test('a missing file: exit 2 naming it, and the other files are still reported', () => {
  const { run, report } = checkJson(['no/such/file.c', AFTER]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /cannot read no\/such\/file\.c: no such file or directory/);
  assertContractShape(report);
  assert.deepEqual(report.files.map((f: { path: string }) => f.path), [AFTER]);
  assert.deepEqual(report.errors, [{ path: 'no/such/file.c', message: 'cannot read no/such/file.c: no such file or directory' }]);
});

test('a directory without C files: exit 2 naming it', () => {
  const dir = tempDir('empty');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'no C here\n');
  const run = cli(['check', dir]);
  assert.equal(run.status, 2);
  assert.ok(run.stderr.includes(`no *.c or *.h files under directory ${dir}`), run.stderr);
  assert.equal(run.stdout, '');
});

test('unknown option, unknown format, bad --jobs, a missing value, no path, no command: exit 2 with the reason and the usage', () => {
  const cases: Array<[string[], RegExp]> = [
    [['check', '--frobnicate', AFTER], /unknown option '--frobnicate'/],
    [['check', '--format', 'xml', AFTER], /unknown format 'xml'/],
    [['check', '--jobs', '0', AFTER], /--jobs needs a positive whole number, got '0'/],
    [['check', AFTER, '--format'], /option --format needs a value/],
    [['check'], /no PATH given/],
    [[], /no command given/],
    [['lint', AFTER], /unknown command 'lint'/],
  ];
  for (const [args, message] of cases) {
    const run = cli(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, message);
    assert.match(run.stderr, /usage: locklens check/);
  }
});

test('a binary file is skipped with a notice naming it, not analysed, and is not an error', () => {
  const dir = tempDir('binary');
  const bin = path.join(dir, 'blob.c');
  fs.writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0xff, 0xfe]));
  const text = cli(['check', bin]);
  assert.equal(text.status, 0);
  assert.equal(text.stdout, `${bin}: note: not analysed: binary file (NUL bytes)\n`);
  const { run, report } = checkJson([bin]);
  assert.equal(run.status, 0);
  assert.match(run.stderr, /blob\.c: not analysed: binary/);
  assert.equal(report.files[0].skipped, 'binary file (NUL bytes)');
  assert.deepEqual(report.files[0].functions, []);
});

test('a file over locklens.maxFileBytes is skipped without being analysed', () => {
  const dir = tempDir('big');
  const config = path.join(dir, 'settings.json');
  fs.writeFileSync(config, JSON.stringify({ 'locklens.maxFileBytes': 100 }));
  const { run, report } = checkJson(['--config', config, AFTER]);
  assert.equal(run.status, 0);
  assert.match(report.files[0].skipped, /over locklens\.maxFileBytes \(100\)/);
});

test('a config file that is missing or not JSON: exit 2 naming it', () => {
  const dir = tempDir('config');
  const broken = path.join(dir, 'broken.json');
  fs.writeFileSync(broken, '{ "locklens.enable": ');
  let run = cli(['check', '--config', broken, AFTER]);
  assert.equal(run.status, 2);
  assert.ok(run.stderr.includes(`config ${broken} is not valid JSON`), run.stderr);
  run = cli(['check', '--config', path.join(dir, 'absent.json'), AFTER]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /cannot read config .*absent\.json: no such file or directory/);
});

test('pathological input (deep nesting, garbage, an unterminated comment) never crashes the run or hides the other files', () => {
  const dir = tempDir('garbage');
  fs.writeFileSync(path.join(dir, 'a_nested.c'), `void f(void) { int x = ${'('.repeat(20000)}1${')'.repeat(20000)}; ${'{'.repeat(5000)}${'}'.repeat(5000)} }\n`);
  fs.writeFileSync(path.join(dir, 'b_garbage.c'), '}}}} spin_lock(( ;; #if\n static void (*)(\n/* never closed');
  fs.copyFileSync(path.resolve(__dirname, '..', '..', '..', AFTER), path.join(dir, 'c_good.c'));
  const { run, report } = checkJson([dir]);
  assert.equal(run.signal, null);
  assert.ok(run.status === 0 || run.status === 1 || run.status === 2, String(run.status));
  assertContractShape(report);
  const good = report.files.find((f: { path: string }) => f.path.endsWith('c_good.c'));
  assert.ok(good, 'the good file is reported');
  assert.ok(good.functions.some((f: { name: string }) => f.name === 'alloc_pid'));
});

test('simulate without arguments is a usage error (or the simulator is not built yet): exit 2 with a message', () => {
  const run = cli(['simulate']);
  assert.equal(run.status, 2);
  assert.ok(run.stderr.trim().length > 0);
});
