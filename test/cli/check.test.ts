/** `locklens check`: recursion, formats, exit status, worker threads, settings files. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { AFTER, BEFORE, CLI_BUNDLE, FIXTURES, REPO_ROOT, assertContractShape, checkJson, cli, lineOf, tempDir } from './cliHarness';

const GCC_LINE = /^(.+):(\d+):(\d+): (error|warning|information|hint|note): (.+)$/;

test('dist/cli.js starts with the interpreter line, and --version/--help work', () => {
  assert.equal(fs.readFileSync(CLI_BUNDLE, 'utf8').split('\n')[0], '#!/usr/bin/env node');
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const version = cli(['--version']);
  assert.equal(version.status, 0);
  assert.equal(version.stdout, `${pkg.version}\n`);
  const help = cli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /locklens check \[--format text\|json\|sarif\]/);
});

test('JSON: the version 1 contract on the pidmap samples, functions at their real lines', () => {
  const { run, report } = checkJson([BEFORE, AFTER]);
  assert.equal(run.status, 0, run.stderr);
  assertContractShape(report);
  assert.deepEqual(report.files.map((f: { path: string }) => f.path), [BEFORE, AFTER]);
  const alloc = report.files[0].functions.find((f: { name: string }) => f.name === 'alloc_pid');
  assert.equal(alloc.startLine, lineOf(BEFORE, 'struct pid *alloc_pid('));
  assert.equal(alloc.endLine, lineOf(BEFORE, 'void disable_pid_allocation') - 2);
  assert.deepEqual(report.files[0].functions.map((f: { name: string }) => f.name), ['free_pid', 'alloc_pid', 'disable_pid_allocation']);
});

test('directories: *.c and *.h recursively, sorted, hidden directories and other files left out', () => {
  const dir = tempDir('tree');
  fs.mkdirSync(path.join(dir, 'b', 'deep'), { recursive: true });
  fs.mkdirSync(path.join(dir, '.git'));
  fs.copyFileSync(path.join(FIXTURES, 'clean_counter.c'), path.join(dir, 'b', 'deep', 'z.c'));
  fs.copyFileSync(path.join(FIXTURES, 'helpers.h'), path.join(dir, 'a.h'));
  fs.copyFileSync(path.join(FIXTURES, 'clean_counter.c'), path.join(dir, '.git', 'hidden.c'));
  fs.writeFileSync(path.join(dir, 'b', 'README'), 'not C');
  fs.writeFileSync(path.join(dir, 'b', 'x.cpp'), 'int main() {}');
  const { run, report } = checkJson([dir]);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(report.files.map((f: { path: string }) => path.relative(dir, f.path)), ['a.h', path.join('b', 'deep', 'z.c')]);
  assert.deepEqual(report.files[0].functions.map((f: { name: string }) => f.name), ['counter_is_zero']);
});

test('text: GCC-style lines only, and --summary lists every function with its lock summary', () => {
  const plain = cli(['check', BEFORE, AFTER]);
  assert.equal(plain.status, 0);
  for (const line of plain.stdout.split('\n').filter(Boolean)) assert.match(line, GCC_LINE);
  const summary = cli(['check', '--summary', BEFORE]);
  assert.equal(summary.status, 0);
  const allocLine = lineOf(BEFORE, 'struct pid *alloc_pid(');
  assert.ok(summary.stdout.includes(`${BEFORE}:${allocLine}: alloc_pid() lines ${allocLine}-`), summary.stdout);
  assert.match(summary.stdout, /free_pid\(\)/);
  assert.match(summary.stderr, /1 file: \d+ errors?, \d+ warnings?, \d+ other/);
});

test('SARIF 2.1.0: schema, a rule per catalogued code with a README link, results pointing at rules', () => {
  const run = cli(['check', '--format', 'sarif', BEFORE, 'missing.c']);
  assert.equal(run.status, 2);
  const sarif = JSON.parse(run.stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  const [only] = sarif.runs;
  const rules = only.tool.driver.rules;
  assert.ok(rules.some((r: { id: string }) => r.id === 'lock/back-to-back'));
  assert.ok(rules.some((r: { id: string }) => r.id === 'idr/multiple-allocs-per-preload'));
  for (const r of rules) {
    assert.match(r.helpUri, /#[a-z-]+$/);
    assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
  }
  for (const result of only.results) {
    assert.equal(rules[result.ruleIndex].id, result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
  }
  assert.equal(only.invocations[0].executionSuccessful, false);
  assert.match(only.invocations[0].toolExecutionNotifications[0].message.text, /missing\.c/);
});

test('--jobs 2 gives byte-identical output to --jobs 1, on worker threads', () => {
  const dir = tempDir('jobs');
  for (let i = 0; i < 6; i++) {
    fs.copyFileSync(path.join(REPO_ROOT, i % 2 ? BEFORE : AFTER), path.join(dir, `f${i}.c`));
    fs.copyFileSync(path.join(FIXTURES, 'double_lock.c'), path.join(dir, `g${i}.c`));
  }
  const one = cli(['check', '--format', 'json', '--jobs', '1', '--verbose', dir]);
  const two = cli(['check', '--format', 'json', '--jobs', '2', '--verbose', dir]);
  assert.equal(two.status, one.status);
  assert.equal(two.stdout, one.stdout);
  assert.match(one.stderr, /on the main thread/);
  assert.match(two.stderr, /analysed 12 files in \d+ ms on 2 worker threads/);
  assert.equal(JSON.parse(two.stdout).files.length, 12);
});

test('settings files: VS Code flat keys with comments and trailing commas, and the nested form, are both understood', () => {
  const dir = tempDir('settings');
  const flat = path.join(dir, 'flat.json');
  fs.writeFileSync(flat, '{\n  // small files only, for this run\n  "locklens.maxFileBytes": 100, /* bytes */\n  "editor.tabSize": 8,\n  "locklens.codeLens.enable": false,\n}\n');
  const nested = path.join(dir, 'nested.json');
  fs.writeFileSync(nested, JSON.stringify({ locklens: { maxFileBytes: 100 } }));
  for (const config of [flat, nested]) {
    const { run, report } = checkJson(['--config', config, AFTER]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(report.files[0].skipped, /over locklens\.maxFileBytes \(100\)/, config);
  }
});

test('the master switch off in a settings file: no diagnostics', () => {
  const dir = tempDir('enable');
  const off = path.join(dir, 'off.json');
  fs.writeFileSync(off, JSON.stringify({ 'locklens.enable': false }));
  const { run, report } = checkJson(['--config', off, path.join(FIXTURES, 'double_lock.c'), BEFORE]);
  assert.equal(run.status, 0);
  assert.deepEqual(report.files.flatMap((f: { diagnostics: unknown[] }) => f.diagnostics), []);
  // The same files with the switch on: anything reported there is what the switch removed.
  const on = checkJson([path.join(FIXTURES, 'double_lock.c'), BEFORE]);
  assert.deepEqual(on.report.files.map((f: { functions: unknown[] }) => f.functions), report.files.map((f: { functions: unknown[] }) => f.functions), 'facts are still reported');
});

test('the same input gives the same output', () => {
  assert.equal(cli(['check', '--format', 'json', FIXTURES, BEFORE]).stdout, cli(['check', '--format', 'json', FIXTURES, BEFORE]).stdout);
});
