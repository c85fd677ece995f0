/**
 * Fuzz inputs: random bytes, token soup, truncated, mutated, spliced and
 * unbalanced kernel-style C, random-depth nesting, and undecodable bytes, each
 * generated from one seed; plus a fixed set of extremes (1 MB single lines,
 * 10,000-deep nesting of every kind, a 5,000-case switch, non-UTF-8 files).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CORPUS, ODD_BYTES, TOKENS } from './corpus';
import { Rng } from './random';

export interface FuzzCase {
  /** What the case is, enough to regenerate it: the kind, its parameters and the case seed. */
  label: string;
  bytes: Buffer;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** The corpus plus our rebuilt pidmap samples (the motivating case). */
export function seedTexts(): Array<[string, string]> {
  const samples = ['pid_before.c', 'pid_after.c'].map((f): [string, string] =>
    [f, fs.readFileSync(path.join(REPO_ROOT, 'samples', 'pidmap', f), 'utf8')]);
  return [...Object.entries(CORPUS), ...samples];
}

/** The text an editor would show for the bytes: invalid UTF-8 becomes U+FFFD. */
export function textOf(c: FuzzCase): string {
  return c.bytes.toString('utf8');
}

// ---- nesting -------------------------------------------------------------------

const BODY = 'spin_lock(&l); x++; spin_unlock(&l);';

/** Statements (and declarations) nested `d` levels deep in a function body, one way each. */
export const STATEMENT_NESTERS: Record<string, (d: number) => string> = {
  braces: (d) => fnBody(`${'{'.repeat(d)}${BODY}${'}'.repeat(d)}`),
  ifs: (d) => fnBody(`${'if (x) '.repeat(d)}${BODY}`),
  ifElseBlocks: (d) => fnBody(`${'if (x) { y++; } else { '.repeat(d)}${BODY}${' }'.repeat(d)}`),
  elseIfChain: (d) => fnBody(Array.from({ length: d }, (_, i) => `if (x == ${i}) spin_lock(&l${i % 3});`).join(' else ') + ` else ${BODY}`),
  whiles: (d) => fnBody(`${'while (x--) '.repeat(d)}${BODY}`),
  fors: (d) => fnBody(`${'for (i = 0; i < n; i++) '.repeat(d)}${BODY}`),
  doWhiles: (d) => fnBody(`${'do '.repeat(d)}${BODY}${' while (x);'.repeat(d)}`),
  switches: (d) => fnBody(`${'switch (x) { case 1: '.repeat(d)}${BODY}${' }'.repeat(d)}`),
  labels: (d) => fnBody(`${Array.from({ length: d }, (_, i) => `l${i}: `).join('')}${BODY} goto l${Math.floor(d / 2)};`),
  scopedGuards: (d) => fnBody(`${'scoped_guard (spinlock, &l) { '.repeat(d)}x++;${' }'.repeat(d)}`),
  iterators: (d) => fnBody(`${'list_for_each_entry(p, &head, node) { '.repeat(d)}${BODY}${' }'.repeat(d)}`),
  lockPerLevel: (d) => fnBody(`${Array.from({ length: d }, (_, i) => `spin_lock(&l${i}); {`).join(' ')} x++; ${Array.from({ length: d }, (_, i) => `} spin_unlock(&l${d - 1 - i});`).join(' ')}`),
  ifdefs: (d) => fnBody(`\n${'#ifdef CONFIG_A\n{\n'.repeat(d)}${BODY}\n${'}\n#else\nx--;\n#endif\n'.repeat(d)}`),
  lockCalls: (d) => fnBody(`${'spin_lock('.repeat(d)}&l${')'.repeat(d)};`),
  structs: (d) => `${'struct s { '.repeat(d)}int x;${' } m;'.repeat(d)}\nvoid f(void) { ${BODY} }\n`,
};

/** Expressions and declarators nested `d` levels deep. */
export const EXPRESSION_NESTERS: Record<string, (d: number) => string> = {
  parens: (d) => fnBody(`x = ${'('.repeat(d)}x${')'.repeat(d)};`),
  unary: (d) => fnBody(`x = ${'!~'.repeat(Math.ceil(d / 2)).slice(0, d)}x;`),
  casts: (d) => fnBody(`x = ${'(int)'.repeat(d)}x;`),
  derefs: (d) => fnBody(`x = ${'*'.repeat(d)}p;`),
  calls: (d) => fnBody(`x = ${'f('.repeat(d)}x${')'.repeat(d)};`),
  subscripts: (d) => fnBody(`x = ${'a['.repeat(d)}0${']'.repeat(d)};`),
  ternaries: (d) => fnBody(`x = ${'x ? '.repeat(d)}1${' : 0'.repeat(d)};`),
  binaryLeft: (d) => fnBody(`x = ${Array.from({ length: d }, () => 'x').join(' + ')};`),
  logicalChain: (d) => fnBody(`if (${Array.from({ length: d }, (_, i) => `x${i % 9}`).join(' && ')}) ${BODY}`),
  assignChain: (d) => fnBody(`${'x = '.repeat(d)}0;`),
  fieldChain: (d) => fnBody(`spin_lock(&p${'->next'.repeat(d)}->lock);`),
  commaChain: (d) => fnBody(`x = (${Array.from({ length: d }, () => 'x++').join(', ')});`),
  initializers: (d) => fnBody(`int a[] = ${'{'.repeat(d)}0${'}'.repeat(d)};`),
  declarators: (d) => `int ${'(*'.repeat(d)}x${')'.repeat(d)};\nvoid f(void) { ${BODY} }\n`,
  statementExprs: (d) => fnBody(`x = ${'({ '.repeat(d)}x;${' })'.repeat(d)};`),
};

export const NESTERS: Record<string, (d: number) => string> = { ...STATEMENT_NESTERS, ...EXPRESSION_NESTERS };

function fnBody(body: string): string {
  return `static DEFINE_SPINLOCK(l);\nint f(int x, int n, struct node *p)\n{\n\tint i, y;\n\t${body}\n\treturn x;\n}\n`;
}

// ---- mutations -----------------------------------------------------------------

type TextMutation = (rng: Rng, text: string) => string;

const IDENTIFIERS = ['x', 'p', 'l', 'lock', 'flags', 'spin_lock', 'spin_unlock', 'mutex_lock', 'goto', 'return', 'if', 'while', 'pidmap_lock', 'alloc_pid', 'idr_preload'];

function at(rng: Rng, text: string): number {
  return rng.int(text.length + 1);
}

const TEXT_MUTATIONS: Record<string, TextMutation> = {
  insertToken: (rng, t) => { const i = at(rng, t); return t.slice(0, i) + rng.pick(TOKENS) + t.slice(i); },
  insertTokens: (rng, t) => { const i = at(rng, t); return t.slice(0, i) + Array.from({ length: rng.range(2, 12) }, () => rng.pick(TOKENS)).join(' ') + t.slice(i); },
  deleteSpan: (rng, t) => { const i = at(rng, t); return t.slice(0, i) + t.slice(i + rng.size(200)); },
  duplicateSpan: (rng, t) => { const i = at(rng, t); const n = rng.size(300); return t.slice(0, i + n) + t.slice(i, i + n) + t.slice(i + n); },
  truncate: (rng, t) => t.slice(0, at(rng, t)),
  swapLines: (rng, t) => {
    const lines = t.split('\n');
    const a = rng.int(lines.length);
    const b = rng.int(lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join('\n');
  },
  repeatLine: (rng, t) => {
    const lines = t.split('\n');
    const a = rng.int(lines.length);
    lines.splice(a, 0, ...Array.from({ length: rng.size(50) }, () => lines[a]));
    return lines.join('\n');
  },
  deleteLine: (rng, t) => { const lines = t.split('\n'); lines.splice(rng.int(lines.length), 1); return lines.join('\n'); },
  replaceIdentifier: (rng, t) => {
    const words = [...t.matchAll(/[A-Za-z_]\w*/g)];
    if (!words.length) return t;
    const w = rng.pick(words);
    return t.slice(0, w.index) + rng.pick(IDENTIFIERS) + t.slice(w.index! + w[0].length);
  },
  dropBracket: (rng, t) => {
    const spots = [...t.matchAll(/[{}()[\]]/g)];
    if (!spots.length) return t;
    const s = rng.pick(spots);
    return t.slice(0, s.index) + t.slice(s.index! + 1);
  },
  bracketRun: (rng, t) => { const i = at(rng, t); return t.slice(0, i) + rng.pick(['{', '}', '(', ')', '[', ']']).repeat(rng.size(64)) + t.slice(i); },
  lineEndings: (rng, t) => t.replace(/\n/g, rng.pick(['\r\n', '\r', '\u2028', '\n\n'])),
  joinLines: (_rng, t) => t.replace(/\n(?!#)/g, ' '),
};

type ByteMutation = (rng: Rng, b: Buffer) => Buffer;


const BYTE_MUTATIONS: Record<string, ByteMutation> = {
  oddBytes: (rng, b) => {
    const i = rng.int(b.length + 1);
    return Buffer.concat([b.subarray(0, i), Buffer.from(rng.pick(ODD_BYTES.slice(0, -1))), b.subarray(i)]);
  },
  flipBits: (rng, b) => {
    const out = Buffer.from(b);
    for (let k = rng.size(8); k > 0 && out.length; k--) out[rng.int(out.length)] ^= 1 << rng.int(8);
    return out;
  },
  nul: (rng, b) => { const i = rng.int(b.length + 1); return Buffer.concat([b.subarray(0, i), Buffer.from([0]), b.subarray(i)]); },
};

// ---- the generated cases ---------------------------------------------------------

type Generator = (rng: Rng) => { label: string; bytes: Buffer };

function randomBytes(rng: Rng, n: number, nul: boolean): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(256) || (nul ? 0 : 32);
  return b;
}

/** Applies 1..`max` mutations, text or byte level; returns the names applied. */
function mutate(rng: Rng, text: string, max: number): { bytes: Buffer; applied: string[] } {
  const applied: string[] = [];
  let t = text;
  const textNames = Object.keys(TEXT_MUTATIONS);
  const steps = rng.range(1, max);
  for (let k = 0; k < steps; k++) {
    const name = rng.pick(textNames);
    t = TEXT_MUTATIONS[name](rng, t);
    applied.push(name);
  }
  let b: Buffer = Buffer.from(t, 'utf8');
  // Byte-level damage on a minority of cases, so most still reach the parser.
  if (rng.chance(0.25)) {
    const name = rng.pick(Object.keys(BYTE_MUTATIONS).filter((n) => n !== 'nul' || rng.chance(0.3)));
    b = BYTE_MUTATIONS[name](rng, b);
    applied.push(name);
  }
  return { bytes: b, applied };
}

const GENERATORS: Record<string, { weight: number; make: Generator }> = {
  randomBytes: {
    weight: 1,
    make: (rng) => {
      const n = rng.size(8192);
      const nul = rng.chance(0.3);
      return { label: `${n} random bytes${nul ? ' with NULs' : ''}`, bytes: randomBytes(rng, n, nul) };
    },
  },
  tokenSoup: {
    weight: 2,
    make: (rng) => {
      const n = rng.size(600);
      return { label: `${n} random tokens`, bytes: Buffer.from(Array.from({ length: n }, () => rng.pick(TOKENS)).join(rng.pick([' ', '\n', ''])), 'utf8') };
    },
  },
  mutated: {
    weight: 6,
    make: (rng) => {
      const [name, text] = rng.pick(seedTexts());
      const { bytes, applied } = mutate(rng, text, 8);
      return { label: `${name} mutated by ${applied.join(', ')}`, bytes };
    },
  },
  spliced: {
    weight: 2,
    make: (rng) => {
      const texts = seedTexts();
      const [a, ta] = rng.pick(texts);
      const [b, tb] = rng.pick(texts);
      const i = rng.int(ta.length + 1);
      const j = rng.int(tb.length + 1);
      return { label: `${a}[0, ${i}) + ${b}[${j}, end)`, bytes: Buffer.from(ta.slice(0, i) + tb.slice(j), 'utf8') };
    },
  },
  nested: {
    weight: 2,
    make: (rng) => {
      const name = rng.pick(Object.keys(NESTERS));
      const depth = rng.size(3000);
      let text = NESTERS[name](depth);
      const cut = rng.chance(0.3);
      if (cut) text = text.slice(0, rng.int(text.length + 1));
      return { label: `${name} nested ${depth} deep${cut ? ', truncated' : ''}`, bytes: Buffer.from(text, 'utf8') };
    },
  },
  unbalanced: {
    weight: 1,
    make: (rng) => {
      const [name, text] = rng.pick(seedTexts());
      let t = text;
      const n = rng.size(20);
      for (let k = 0; k < n; k++) t = (rng.chance(0.5) ? TEXT_MUTATIONS.dropBracket : TEXT_MUTATIONS.bracketRun)(rng, t);
      return { label: `${name} with ${n} brackets dropped or added`, bytes: Buffer.from(t, 'utf8') };
    },
  },
};

const WEIGHTED = Object.entries(GENERATORS).flatMap(([name, g]) => Array<string>(g.weight).fill(name));

/** The case for one seed: the same seed always gives the same bytes. */
export function generateCase(seed: number): FuzzCase {
  const rng = new Rng(seed);
  const kind = rng.pick(WEIGHTED);
  const { label, bytes } = GENERATORS[kind].make(rng);
  return { label: `${kind}: ${label} (case seed ${seed})`, bytes };
}

// ---- the fixed extremes -----------------------------------------------------------

/** Repeats `unit` to at least `bytes` bytes, on one line. */
function oneLine(prefix: string, unit: string, suffix: string, bytes: number): string {
  return prefix + unit.repeat(Math.ceil(bytes / unit.length)) + suffix;
}

/**
 * The extremes the issue names, built on demand (each is big). `scale` shrinks the
 * statement depths, line lengths and counts (1: 10,000 deep, 1 MB lines, 5,000
 * cases); expressions and declarators are always nested 10,000 deep.
 */
export function extremeCases(scale = 1): Array<{ label: string; make: () => Buffer }> {
  const utf8 = (s: string) => Buffer.from(s, 'utf8');
  const cases: Array<{ label: string; make: () => Buffer }> = [];
  const deep = Math.round(10_000 * scale);
  const MB = Math.round(1024 * 1024 * scale);
  const many = Math.round(5000 * scale);
  const n = (v: number) => v.toLocaleString('en-US');
  const size = MB >= 1024 * 1024 ? `${MB / (1024 * 1024)} MB` : `${Math.round(MB / 1024)} KB`;
  for (const [name, make] of Object.entries(STATEMENT_NESTERS)) cases.push({ label: `${name} nested ${n(deep)} deep`, make: () => utf8(make(deep)) });
  for (const [name, make] of Object.entries(EXPRESSION_NESTERS)) cases.push({ label: `${name} nested 10,000 deep`, make: () => utf8(make(10_000)) });
  cases.push(
    { label: `${size} single line: an expression`, make: () => utf8(oneLine('int f(int x) { return ', 'x + ', '1; }\n', MB)) },
    { label: `${size} single line: lock/unlock pairs`, make: () => utf8(oneLine('void f(void) { ', 'spin_lock(&l); x++; spin_unlock(&l); ', '}\n', MB)) },
    { label: `${size} single line: one call with ${n(Math.round(MB / 3))} arguments`, make: () => utf8(oneLine('void f(void) { spin_lock(', 'x, ', 'l); }\n', MB)) },
    { label: `${size} single line: an identifier`, make: () => utf8(oneLine('void f(void) { spin_lock(&', 'a', '); }\n', MB)) },
    { label: `${size} single line: a string literal`, make: () => utf8(oneLine('const char *s = "', 'ab', '";\nvoid f(void) { }\n', MB)) },
    { label: `${size} single line: a comment`, make: () => utf8(oneLine('void f(void) { /* ', '**', ' */ }\n', MB)) },
    { label: `${size} single line: functions`, make: () => utf8(oneLine('', 'void f(void) { spin_lock(&l); } ', '\n', MB)) },
    {
      label: `${n(many)}-case switch with locks`,
      make: () => utf8(`int f(int x)\n{\n\tswitch (x) {\n${Array.from({ length: many }, (_, i) =>
        `\tcase ${i}:\n\t\tspin_lock(&l${i % 5});\n\t\tif (x & ${i}) goto out;\n\t\tspin_unlock(&l${i % 5});\n\t\t${i % 3 ? 'break' : 'fallthrough'};\n`).join('')}\t}\nout:\n\treturn x;\n}\n`),
    },
    { label: `${n(many)} sequential conditional locks`, make: () => utf8(fnBody(Array.from({ length: many }, (_, i) => `if (x & ${i}) spin_lock(&l${i % 4}); else spin_unlock(&l${i % 4});`).join('\n\t'))) },
    { label: `${n(many)} gotos between ${n(many)} labels`, make: () => utf8(fnBody(Array.from({ length: many }, (_, i) => `l${i}: spin_lock(&l); if (x) goto l${(i * 7919) % many}; spin_unlock(&l);`).join('\n\t'))) },
    { label: `${n(many)} lock pairs in a loop`, make: () => utf8(fnBody(`for (;;) {\n${Array.from({ length: many }, (_, i) => `\tspin_lock(&l${i % 50}); spin_unlock(&l${i % 50});`).join('\n')}\n}`)) },
    { label: `${n(many)} functions`, make: () => utf8(Array.from({ length: many }, (_, i) => `static int f${i}(int x)\n{\n\tspin_lock(&l);\n\tif (x)\n\t\treturn f${(i + 1) % many}(x - 1);\n\tspin_unlock(&l);\n\treturn 0;\n}\n`).join('\n')) },
    { label: `${n(many)} unbalanced #if branches`, make: () => utf8(fnBody(Array.from({ length: many }, () => '\n#if X\n{ spin_lock(&l);\n#else\n} spin_unlock(&l);\n#endif\n').join(''))) },
    { label: 'C with Latin-1 bytes throughout', make: () => Buffer.from(seedTexts().map(([, t]) => t).join('\n').replace(/e/g, '\u00e9'), 'latin1') },
    {
      label: 'C with every odd byte sequence between tokens',
      make: () => Buffer.concat(seedTexts()[7][1].split(' ').flatMap((w, i) => [Buffer.from(`${w} `), Buffer.from(ODD_BYTES[i % (ODD_BYTES.length - 1)])])),
    },
    { label: 'C in UTF-16LE with a byte-order mark', make: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CORPUS.gotoUnwind, 'utf16le')]) },
    { label: 'C with CR-only line endings', make: () => utf8(seedTexts().map(([, t]) => t).join('\n').replace(/\n/g, '\r')) },
    { label: 'C with U+2028 line separators', make: () => utf8(CORPUS.idrPreload.replace(/\n/g, '\u2028')) },
    { label: 'C with a NUL byte after the first 8 KiB', make: () => utf8(`${'/* padding */\n'.repeat(700)}${CORPUS.spinlockIrqsave}\u0000${CORPUS.gotoUnwind}`) },
    { label: 'C with astral characters in identifiers and strings', make: () => utf8(CORPUS.switchCases.replace(/next/g, 'n\u{1F600}xt').replace(/FSM_/g, '\u{10FFFF}')) },
  );
  return cases;
}
