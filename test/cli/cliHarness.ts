/**
 * Runs the built CLI bundle (`dist/cli.js`, or LOCKLENS_CLI_BUNDLE) as a child
 * process, and checks reports against the JSON contract's shape.
 */
import { spawnSync } from 'child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI_BUNDLE = process.env.LOCKLENS_CLI_BUNDLE ?? path.join(REPO_ROOT, 'dist', 'cli.js');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'cli', 'fixtures');
export const BEFORE = 'samples/pidmap/pid_before.c';
export const AFTER = 'samples/pidmap/pid_after.c';

export interface CliRun { status: number | null; signal: string | null; stdout: string; stderr: string }

export function cli(args: string[], cwd: string = REPO_ROOT, env: Record<string, string> = {}): CliRun {
  if (!fs.existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run the webpack build first`);
  const r = spawnSync(process.execPath, [CLI_BUNDLE, ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `check --format json` and parses stdout (which must be JSON whatever the exit status). */
export function checkJson(args: string[], cwd?: string): { run: CliRun; report: any } {
  const run = cli(['check', '--format', 'json', ...args], cwd);
  let report: any;
  assert.doesNotThrow(() => { report = JSON.parse(run.stdout); }, `stdout is not JSON: ${run.stdout.slice(0, 200)} / ${run.stderr}`);
  return { run, report };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `locklens-${prefix}-`));
}

/** 1-based line of the first line containing `needle`. */
export function lineOf(file: string, needle: string): number {
  const lines = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `${needle} not in ${file}`);
  return i + 1;
}

const SEVERITIES = ['error', 'warning', 'information', 'hint'];
const isLine = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;

/** Asserts that `report` has the version 1 contract's shape, field by field. */
export function assertContractShape(report: any): void {
  assert.equal(report.version, 1);
  assert.ok(Array.isArray(report.files));
  assert.ok(Array.isArray(report.errors));
  for (const e of report.errors) {
    assert.equal(typeof e.path, 'string');
    assert.equal(typeof e.message, 'string');
  }
  for (const file of report.files) {
    assert.equal(typeof file.path, 'string');
    assert.ok(file.skipped === null || typeof file.skipped === 'string');
    assert.ok(Array.isArray(file.functions));
    assert.ok(Array.isArray(file.diagnostics));
    for (const fn of file.functions) {
      assert.equal(typeof fn.name, 'string');
      assert.ok(isLine(fn.startLine) && isLine(fn.endLine) && fn.endLine >= fn.startLine, `${fn.name} lines`);
      assert.equal(typeof fn.maySleep, 'boolean');
      assert.ok(Array.isArray(fn.locks));
      for (const l of fn.locks) {
        assert.equal(typeof l.lock, 'string');
        assert.doesNotMatch(l.lock, /^&|\s|^\(.*\)$/, `lock ${l.lock} is normalised`);
        assert.equal(typeof l.kind, 'string');
        assert.ok(Number.isInteger(l.acquiresOnCommonPath) && l.acquiresOnCommonPath >= 0);
        assert.ok(l.acquiresMax === null || (Number.isInteger(l.acquiresMax) && l.acquiresMax >= l.acquiresOnCommonPath));
        assert.ok(l.acquiresFormula === null || typeof l.acquiresFormula === 'string');
        for (const flag of ['backToBack', 'heldAtReturn', 'heldOnEntry']) assert.equal(typeof l[flag], 'boolean', flag);
        for (const r of l.regions) {
          assert.ok(isLine(r.startLine) && r.endLine >= r.startLine);
          assert.ok(r.startLine >= fn.startLine && r.endLine <= fn.endLine, `region ${r.startLine}-${r.endLine} inside ${fn.name}`);
        }
      }
    }
    let previous = 0;
    for (const d of file.diagnostics) {
      assert.match(d.code, /^[a-z]+\/[a-z-]+$/);
      assert.ok(SEVERITIES.includes(d.severity), d.severity);
      assert.ok(isLine(d.line) && isLine(d.endLine) && d.endLine >= d.line);
      assert.ok(isLine(d.column) && isLine(d.endColumn));
      assert.ok(d.line >= previous, 'diagnostics sorted by line');
      previous = d.line;
      assert.equal(typeof d.message, 'string');
      assert.ok(d.message.length > 0);
      assert.equal(typeof d.function, 'string');
      for (const r of d.related) {
        assert.ok(isLine(r.line) && isLine(r.column));
        assert.equal(typeof r.message, 'string');
      }
    }
  }
}

/**
 * True once the analysis engine reports lock facts for the pidmap sample. Tests
 * of those facts are `todo` until then, and enforced from then on.
 */
export function engineReportsLocks(): boolean {
  const r = spawnSync(process.execPath, [CLI_BUNDLE, 'check', '--format', 'json', BEFORE], { cwd: REPO_ROOT, encoding: 'utf8' });
  try {
    return JSON.parse(r.stdout).files.some((f: any) => f.functions.some((fn: any) => fn.locks.length > 0));
  } catch {
    return false;
  }
}
