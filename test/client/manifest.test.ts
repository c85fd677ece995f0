/**
 * package.json must not drift from the sources of truth: settings from config.ts,
 * commands from protocol.ts, severity keys from the diagnostic-code catalogue.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../../server/src/config';
import { COMMANDS } from '../../server/src/protocol';
import { DIAGNOSTIC_CODES } from '../../server/src/cli/diagnosticCodes';
import { codeAnchor } from '../../server/src/handlers/codeLinks';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const properties: Record<string, { type: string; default: unknown; description?: string; markdownDescription?: string; properties?: Record<string, { enum?: string[] }> }> =
  pkg.contributes.configuration.properties;

/**
 * Flattens the defaults the way VS Code nests dotted setting names: a plain object
 * with keys is a group (`codeLens.enable`); an empty object is a map-valued setting.
 */
function flatten(obj: Record<string, unknown>, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  for (const [key, value] of Object.entries(obj)) {
    const name = `${prefix}.${key}`;
    if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) flatten(value as Record<string, unknown>, name, out);
    else out.set(name, value);
  }
  return out;
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return v === null ? 'null' : typeof v;
}

const expected = flatten(DEFAULT_SETTINGS as unknown as Record<string, unknown>, 'locklens', new Map());

test('every setting in config.ts is contributed with its default, type and a description', () => {
  for (const [name, value] of expected) {
    const prop = properties[name];
    assert.ok(prop, `package.json lacks ${name}`);
    assert.deepEqual(prop.default, value, `default of ${name}`);
    const type = jsonType(value);
    assert.ok(prop.type === type || (type === 'integer' && prop.type === 'number'), `${name}: type ${prop.type}, default is ${type}`);
    assert.ok((prop.description ?? prop.markdownDescription ?? '').length > 10, `${name} needs a description`);
  }
});

test('package.json contributes no setting that config.ts does not define', () => {
  const extra = Object.keys(properties).filter((name) => !expected.has(name));
  assert.deepEqual(extra, []);
});

test('the severity setting offers every known diagnostic code with the severity enum', () => {
  const sev = properties['locklens.severity'].properties ?? {};
  assert.deepEqual(Object.keys(sev).sort(), DIAGNOSTIC_CODES.map((c) => c.code).sort());
  for (const [code, p] of Object.entries(sev)) assert.deepEqual(p.enum, ['error', 'warning', 'information', 'hint', 'off'], code);
});

test('every command id in protocol.ts is contributed once, in the Kernel Lock Lens category, and nothing else', () => {
  const contributed: Array<{ command: string; title: string; category: string }> = pkg.contributes.commands;
  assert.deepEqual(contributed.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
  for (const c of contributed) {
    assert.equal(c.category, 'Kernel Lock Lens', c.command);
    assert.ok(c.title.length > 3, c.command);
  }
});

test('activation, entry point, CLI bin, grammar and workspace trust are declared', () => {
  assert.deepEqual(pkg.activationEvents, ['onLanguage:c']);
  assert.equal(pkg.main, './dist/client.js');
  assert.equal(pkg.bin.locklens, './dist/cli.js');
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.match(pkg.capabilities.untrustedWorkspaces.description, /simulat/);
  const [grammar] = pkg.contributes.grammars;
  assert.deepEqual(grammar.injectTo, ['source.c']);
  assert.ok(fs.existsSync(path.join(ROOT, grammar.path)), grammar.path);
  const injection = JSON.parse(fs.readFileSync(path.join(ROOT, grammar.path), 'utf8'));
  assert.equal(injection.scopeName, grammar.scopeName);
});

test('@types/vscode is not newer than engines.vscode (vsce refuses to package otherwise)', () => {
  const engine = String(pkg.engines.vscode).replace(/^\^/, '').split('.').map(Number);
  const types = String(pkg.devDependencies['@types/vscode']).split('.').map(Number);
  const cmp = types[0] - engine[0] || types[1] - engine[1] || types[2] - engine[2];
  assert.ok(cmp <= 0, `@types/vscode ${pkg.devDependencies['@types/vscode']} > engines.vscode ${pkg.engines.vscode}`);
});

test('the README documents every setting and has one section per diagnostic code, at the anchor diagnostics link to', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  for (const name of expected.keys()) assert.ok(readme.includes(`| \`${name}\` |`), `README settings table lacks ${name}`);
  const headings = [...readme.matchAll(/^### (\S+)$/gm)].map((m) => m[1]);
  for (const { code } of DIAGNOSTIC_CODES) {
    assert.ok(headings.includes(code), `README lacks a "### ${code}" section`);
    // GitHub's anchor for that heading is what the server links to.
    assert.equal(codeAnchor(code), code.toLowerCase().replace(/\//g, ''));
  }
});

test('engines.vscode is what vscode-languageclient requires', () => {
  const lc = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'vscode-languageclient', 'package.json'), 'utf8'));
  assert.equal(pkg.engines.vscode, lc.engines.vscode);
});
