/**
 * Bad documents never stop the server: after each one, another document is still
 * analysed, answered and re-published. Inputs are generated, seeded, and reproducible.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LspClient, readRepoFile } from './harness';

const GOOD = 'file:///work/good.c';
const goodText = readRepoFile('samples/pidmap/pid_after.c');
const goodName = (() => {
  const lines = goodText.split('\n');
  const line = lines.findIndex((l) => l.startsWith('struct pid *alloc_pid('));
  return { line, character: lines[line].indexOf('alloc_pid') + 2 };
})();

function seeded(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    // xorshift32: small, seeded, good enough for junk bytes.
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

function randomText(length: number, seed: number, allowNul: boolean): string {
  const next = seeded(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(next() * 256) || (allowNul ? 0 : 32);
  // Decoding invalid UTF-8 yields U+FFFD, as an editor would show it.
  return bytes.toString('utf8');
}

const BAD_DOCUMENTS: Array<[string, () => string]> = [
  ['binary with NUL bytes', () => randomText(64 * 1024, 1, true)],
  ['random bytes without NUL', () => randomText(256 * 1024, 2, false)],
  ['mostly C with some junk bytes', () => `${goodText}\n${randomText(200, 3, false)}\n${goodText}`],
  ['a file over maxFileBytes (5 MiB)', () => `int a;\n${'/* padding */\n'.repeat(400_000)}`],
  ['10,000-deep nested blocks', () => `void f(void)\n{\n${'{'.repeat(10_000)}spin_lock(&l);${'}'.repeat(10_000)}\n}\n`],
  ['10,000-deep nested ifs', () => `void f(int x)\n{\n${'if (x) '.repeat(10_000)}spin_lock(&l);\n}\n`],
  ['10,000-deep parentheses', () => `int f(int x)\n{\n\treturn ${'('.repeat(10_000)}x${')'.repeat(10_000)};\n}\n`],
  ['a 1 MB single line', () => `int f(int x) { return ${'x + '.repeat(250_000)}1; }\n`],
  ['a 5,000-case switch', () => `int f(int x)\n{\n\tswitch (x) {\n${Array.from({ length: 5000 }, (_, i) => `\tcase ${i}: spin_lock(&l${i % 7}); x++; spin_unlock(&l${i % 7}); break;\n`).join('')}\t}\n\treturn x;\n}\n`],
  ['unbalanced braces and parentheses', () => `void f(void)\n{\n${'spin_lock(&l); { ( if (x { } ) )) }}\n'.repeat(2000)}`],
  ['truncated kernel C', () => goodText.slice(0, Math.floor(goodText.length * 0.61))],
  ['lone surrogates and control characters', () => `void f(void) { \uD800 \uDFFF \u0001 \u001b[31m spin_lock(&l); }\n`],
];

let client: LspClient;
before(async () => {
  client = await LspClient.start();
  await client.open(GOOD, goodText, 1);
  await client.diagnosticsAt(GOOD, 1);
});
after(async () => { await client.stop(); });

let goodVersion = 1;
for (const [index, [name, make]] of BAD_DOCUMENTS.entries()) {
  test(`the server keeps serving after ${name}`, async () => {
    const uri = `file:///work/bad-${index}.c`;
    const text = make();
    await client.open(uri, text, 1);
    await client.diagnosticsAt(uri, 1);
    // Requests on the bad document answer (possibly with nothing) instead of failing.
    await client.hover(uri, { line: 2, character: 3 });
    await client.codeLenses(uri);
    await client.inlayHints(uri, { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } });
    // An incremental edit in the middle of it, too.
    const middle = Math.floor(text.split('\n').length / 2);
    await client.change(uri, 2, [{ range: { start: { line: middle, character: 0 }, end: { line: middle, character: 0 } }, text: '}{\n' }]);
    await client.diagnosticsAt(uri, 2);
    // The good document is still analysed and answered.
    goodVersion++;
    await client.change(GOOD, goodVersion, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    await client.diagnosticsAt(GOOD, goodVersion);
    const hover = await client.hover(GOOD, goodName);
    assert.ok(hover, 'hover on the good document');
    await client.close(uri);
    assert.ok(client.alive, client.stderr);
  });
}

test('oversized, binary and junk files are skipped with a notice in the log', () => {
  assert.ok(client.logs.some((l) => /skipped .*bad-0\.c: binary file/.test(l.message)));
  assert.ok(client.logs.some((l) => /skipped .*bad-1\.c: not C text \(\d+% of the first 64 KiB/.test(l.message)));
  assert.ok(client.logs.some((l) => /skipped .*bad-3\.c: file is \d+ bytes, over locklens\.maxFileBytes \(4194304\)/.test(l.message)));
  assert.ok(!client.logs.some((l) => /bad-2\.c/.test(l.message)), 'a few junk bytes in C are still analysed');
});
