/**
 * The analysis entry point shared by the language server, the CLI and the tests:
 * text → shapes → tree → per-function facts and findings.
 */
import type { Node, Parser, Tree } from 'web-tree-sitter';
import { prepareSource, type KernelShapes } from '../parsing/kernelShapes';
import { functionNode, locateFunctions, readFunction, type FunctionLocation, type FunctionSyntax } from '../parsing/functions';
import type { FileAnalysis, Finding, FunctionFacts } from './types';
import { heldLockOf } from './checks/lockChecks';
import { lockMember } from './lockNames';
import { mayEndHold } from './opaqueCalls';
import { analyzeFunction, calledNames, constantReturn, hasScopedGuard, SLEEPING_GFP_ARGS, syntacticSummary, type AnalysisContext, type FunctionAnalysis } from './functionAnalysis';
import { LockCatalogue } from './lockCatalogue';
import { IDR_ALLOC_APIS, SleepCatalogue } from './sleepCatalogue';
import { emptySummary, hasEffect, type FunctionSummary } from './summaries';
import { prototypeSummaries } from './prototypeSummaries';
import type { LockLensSettings } from '../config';
import { DEFAULT_SETTINGS } from '../config';

export interface ParsedFile {
  text: string;
  code: string;
  shapes: KernelShapes;
  tree: Tree;
  /** Set by a document's kept tree: tells this version from the others (FunctionCache). */
  revision?: number;
  /** What changed since version `since` of the same document, in both text and code. */
  change?: FileChange;
}

/** `[start, oldEnd)` of version `since` became `[start, newEnd)` here; everything else only moved. */
export interface FileChange {
  since: number;
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Parses `text` (optionally incrementally against an edited old tree). */
export function parseFile(parser: Parser, text: string, settings: LockLensSettings = DEFAULT_SETTINGS, oldTree?: Tree): ParsedFile {
  const { code, shapes } = prepareSource(text, { iteratorPatterns: settings.iteratorPatterns });
  const tree = parser.parse(code, oldTree ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return { text, code, shapes, tree };
}

/** Copies out every function definition of a parsed file. */
export function readFunctions(file: ParsedFile): FunctionSyntax[] {
  const out: FunctionSyntax[] = [];
  for (const loc of locateFunctions(file.tree)) {
    const fn = readFunction(file.tree, loc, file.code, file.shapes);
    if (fn) out.push(fn);
  }
  return out;
}

/** Looks like a binary file: NUL bytes in the first 8 KiB. */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

const NO_SUMMARIES: ReadonlyMap<string, FunctionSummary> = new Map();

/** Summaries from other files of the workspace, by function name. */
export type ExternalSummaries = ReadonlyMap<string, FunctionSummary>;

/**
 * Analyses one file's text. Never throws on bad input: problems become `skipped` or notes.
 */
export function analyzeText(
  parser: Parser,
  path: string,
  text: string,
  settings: LockLensSettings = DEFAULT_SETTINGS,
  external?: ExternalSummaries,
): FileAnalysis {
  const refused = refuseFile(text, settings);
  if (refused) return { path, functions: [], findings: [], skipped: refused };
  const file = parseFile(parser, text, settings);
  try {
    return analyzeParsed(file, path, settings, external).analysis;
  } finally {
    file.tree.delete();
  }
}

/** Why a file is not analysed at all (too large, binary), or null. */
export function refuseFile(text: string, settings: LockLensSettings): string | null {
  if (text.length > settings.maxFileBytes) return `file is ${text.length} bytes, over locklens.maxFileBytes (${settings.maxFileBytes})`;
  if (looksBinary(text)) return 'binary file (NUL bytes)';
  return null;
}

export interface ParsedAnalysis {
  analysis: FileAnalysis;
  /** Summaries of this file's functions, for the workspace index. */
  summaries: Map<string, FunctionSummary>;
  /**
   * What other files may use: every non-static function by name, with its
   * summary, or null when it has no effect or is defined more than once here
   * (`#ifdef` variants: which one is built is unknown).
   */
  exported: Map<string, FunctionSummary | null>;
}

/**
 * Per-function results kept between versions of one document: an edit inside
 * one function re-analyses that function (and the callers whose callees'
 * summaries changed); every other function's facts are reused, shifted to its
 * new line. A function is matched to the previous version's by position when the
 * document layer says what changed (no string is copied or hashed: per keystroke,
 * that was most of the work on a 10k-line file), else by equal text, so a moved
 * function still hits.
 */
export class FunctionCache {
  private previous: { file: Pick<ParsedFile, 'text' | 'code' | 'revision'>; entries: CacheEntry[] } | null = null;
  private current: CacheEntry[] = [];
  private settingsKey = '';
  /** Summaries of functions that call nothing tracked, by their code (nothing else feeds them): kept while used. */
  private lightPrevious = new Map<string, FunctionSummary>();
  private lightCurrent = new Map<string, FunctionSummary>();
  hits = 0;
  misses = 0;

  /** The previous version's functions; forgets everything when the settings changed. */
  begin(settings: LockLensSettings, file: ParsedFile): PreviousFunctions {
    // External summaries are checked per callee (digests), and light entries re-check what they call.
    const key = JSON.stringify(settings);
    if (key !== this.settingsKey) {
      this.previous = null;
      this.lightPrevious = new Map();
      this.settingsKey = key;
    }
    this.current = [];
    this.lightCurrent = new Map();
    return new PreviousFunctions(this.previous, file);
  }

  keep(entry: CacheEntry): void {
    this.current.push(entry);
  }

  /** The analysis of `file` completed: its functions are what the next version is compared with. */
  end(file: ParsedFile): void {
    this.previous = { file: { text: file.text, code: file.code, revision: file.revision }, entries: this.current };
    this.current = [];
    this.lightPrevious = this.lightCurrent;
    this.lightCurrent = new Map();
  }

  /** A light function's summary from this or the previous version, by its code. */
  lightSummary(code: string): FunctionSummary | undefined {
    const s = this.lightCurrent.get(code) ?? this.lightPrevious.get(code);
    if (s) this.lightCurrent.set(code, s);
    return s;
  }

  keepLight(code: string, summary: FunctionSummary): void {
    this.lightCurrent.set(code, summary);
  }

  get size(): number {
    return this.previous?.entries.length ?? 0;
  }
}

/** Finds a function's entry in the previous version. */
class PreviousFunctions {
  private byStart: Map<number, CacheEntry> | null = null;
  private byLength: Map<number, CacheEntry[]> | null = null;

  constructor(
    private readonly previous: { file: Pick<ParsedFile, 'text' | 'code' | 'revision'>; entries: CacheEntry[] } | null,
    private readonly file: ParsedFile,
  ) {}

  /** The entry of the previous version's function whose text and code equal `[start, end)` here. */
  find(start: number, end: number): CacheEntry | undefined {
    const prev = this.previous;
    if (!prev) return undefined;
    const change = this.file.change;
    if (change && prev.file.revision !== undefined && change.since === prev.file.revision) {
      // Outside the change the text is the same, moved by the change's length.
      const old = end <= change.start ? start : start >= change.newEnd ? start - (change.newEnd - change.oldEnd) : -1;
      if (old >= 0) {
        if (!this.byStart) this.byStart = new Map(prev.entries.map((e) => [e.start, e]));
        const hit = this.byStart.get(old);
        if (hit && hit.end - hit.start === end - start) return hit;
      }
    }
    if (!this.byLength) {
      this.byLength = new Map();
      for (const e of prev.entries) {
        const same = this.byLength.get(e.end - e.start);
        if (same) same.push(e);
        else this.byLength.set(e.end - e.start, [e]);
      }
    }
    // The text for annotation arguments the rewrite blanks, the code for far-away blanking (`#if 0`).
    const { text, code } = this.file;
    for (const e of this.byLength.get(end - start) ?? []) {
      if (prev.file.text.slice(e.start, e.end) === text.slice(start, end) && prev.file.code.slice(e.start, e.end) === code.slice(start, end)) return e;
    }
    return undefined;
  }
}

interface CacheEntry {
  name: string;
  isStatic: boolean;
  /** Where the function was in its version's code, and its first row. */
  start: number;
  end: number;
  row: number;
  result: FunctionAnalysis;
  /** The callee summaries the result was computed with: name → digest. */
  callees: Map<string, string>;
  /** Described without analysis because it called nothing tracked: the names it calls. */
  light?: string[];
}

interface FunctionItem {
  loc: FunctionLocation;
  row: number;
  name: string;
  isStatic: boolean;
  syntax: FunctionSyntax | null;
  cached: CacheEntry | undefined;
}

/**
 * Analyses an already parsed file (the server keeps the tree for incremental
 * re-parsing; this does not delete it). Functions are analysed callees first,
 * on demand, so a caller sees its callees' summaries. With a `cache`, functions
 * whose text and callees' summaries did not change are not analysed again.
 */
export function analyzeParsed(
  file: ParsedFile,
  path: string,
  settings: LockLensSettings = DEFAULT_SETTINGS,
  external?: ExternalSummaries,
  cache?: FunctionCache,
): ParsedAnalysis {
  const previous = cache?.begin(settings, file);
  const items: FunctionItem[] = [];
  const catalogue = catalogueFor(settings);
  const sleeps = sleepsFor(settings);
  const located = locateFunctions(file.tree, { nodes: false });
  // Reused functions are known by their cached entry; only the others are read from the tree.
  const found = located.map((loc) => previous?.find(loc.start, loc.end));
  let root: Node | null = null;
  const nodeOf = (loc: FunctionLocation) => functionNode((root ??= file.tree.rootNode), loc);
  const heads = located.map((loc, i) => {
    if (found[i]) return null;
    const node = nodeOf(loc);
    return node ? functionHead(node) : null;
  });
  const fileNames = new Set<string>();
  located.forEach((_, i) => {
    const name = found[i]?.name ?? heads[i]?.name;
    if (name) fileNames.add(name);
  });
  const prototypes = file.shapes.annotations.length
    ? prototypeSummaries(file.code, file.shapes.annotations, (offset) => located.some((loc) => offset >= loc.start && offset < loc.end))
    : NO_SUMMARIES;
  const tracked = (name: string) =>
    catalogue.has(name) || name === 'guard' || name === 'kref_put' || IDR_ALLOC_APIS.has(name) || fileNames.has(name) || !!external?.has(name) || prototypes.has(name)
    || sleeps.reason(name, SLEEPING_GFP_ARGS) !== null;
  located.forEach((loc, i) => {
    const row = loc.startRow;
    const cached = found[i];
    // A function that called nothing tracked may call a name the workspace now summarises.
    if (cached && !cached.light?.some((n) => tracked(n))) {
      items.push({ loc, row, name: cached.name, isStatic: cached.isStatic, syntax: null, cached });
      return;
    }
    const node = nodeOf(loc);
    const head = heads[i] ?? (node ? functionHead(node) : null);
    // Most functions of a big file call nothing we track: describe them from the tree, without copying it.
    const calls = head && node && !hasScopedGuard(file.shapes, loc.start, loc.end) ? calledNames(file.code.slice(loc.start, loc.end), head.name) : null;
    if (head && node && calls && !calls.some((n) => tracked(n))) {
      const facts = emptyFacts(head.name, row);
      facts.endLine = loc.endRow + 1;
      facts.nameSpan = head.span;
      const light: FunctionAnalysis = { facts, findings: [], summary: emptySummary(head.name, []) };
      const entry = { name: head.name, isStatic: head.isStatic, start: loc.start, end: loc.end, row, result: light, callees: new Map(), light: calls };
      items.push({ loc, row, name: head.name, isStatic: head.isStatic, syntax: null, cached: entry });
      return;
    }
    const syntax = readFunction(file.tree, loc, file.code, file.shapes);
    if (syntax) items.push({ loc, row, name: syntax.name, isStatic: syntax.isStatic, syntax, cached: undefined });
  });
  const byName = new Map<string, FunctionItem>();
  for (const it of items) if (!byName.has(it.name)) byName.set(it.name, it);
  const results = new Map<FunctionItem, FunctionAnalysis>();
  const inProgress = new Set<string>();
  /** Callee summaries read by each analysis in progress (innermost last). */
  const recorders: Array<Map<string, string>> = [];
  let depth = 0;
  const ctx: AnalysisContext = {
    code: file.code,
    shapes: file.shapes,
    catalogue: catalogueFor(settings),
    sleeps: sleepsFor(settings),
    settings,
    summaryOf(name) {
      const s = lookup(name);
      recorders[recorders.length - 1]?.set(name, digest(s));
      return s;
    },
  };
  const lookup = (name: string): FunctionSummary | null => {
    const it = byName.get(name);
    // A definition elsewhere in the workspace says more than an annotated prototype here.
    if (!it) return external?.get(name) ?? prototypes.get(name) ?? null;
    if (it.cached?.light) return lightSummary(it);
    const done = results.get(it);
    if (done) return done.summary;
    // Recursion (direct or mutual) and very deep call chains: no summary.
    if (inProgress.has(name) || depth > 32) return null;
    return run(it).summary;
  };
  /** The functions each analysed function called (whose summaries it read). */
  const calleesOf = new Map<string, string[]>();
  /** A function that calls nothing tracked is not analysed: only the fields it writes are read, when a caller asks. */
  const lightSummaries = new Map<FunctionItem, FunctionSummary>();
  const lightSummary = (it: FunctionItem): FunctionSummary => {
    const body = file.code.slice(it.loc.start, it.loc.end);
    let s = lightSummaries.get(it) ?? cache?.lightSummary(body);
    if (!s) {
      // It calls nothing tracked: every call is one we cannot read.
      const forwards = (it.cached?.light ?? []).some(mayEndHold);
      const worthReading = forwards || WRITES_MEMBER.test(body) || CONSTANT_RETURN.test(body) || MAY_RAISE.test(body);
      const syntax = worthReading && nodeOf(it.loc) ? readFunction(file.tree, it.loc, file.code, file.shapes) : null;
      s = syntax
        ? { ...syntacticSummary(syntax, syntax.code, () => null, mayEndHold), returnsConstant: constantReturn(syntax.body, syntax.code) }
        : emptySummary(it.name, []);
      cache?.keepLight(body, s);
    }
    lightSummaries.set(it, s);
    return s;
  };
  const calleesUnchanged = (callees: Map<string, string>) => {
    for (const [callee, d] of callees) if (digest(lookup(callee)) !== d) return false;
    return true;
  };
  const run = (it: FunctionItem): FunctionAnalysis => {
    const done = results.get(it);
    if (done) return done;
    inProgress.add(it.name);
    depth++;
    let r: FunctionAnalysis | null = null;
    try {
      if (it.cached && calleesUnchanged(it.cached.callees)) {
        calleesOf.set(it.name, [...it.cached.callees.keys()]);
        r = shiftLines(it.cached.result, it.row - it.cached.row);
        if (cache) cache.hits++;
        cache?.keep({ ...it.cached, start: it.loc.start, end: it.loc.end, row: it.row, result: r });
      } else {
        // From its node (nodeOf): walking the path from the root costs a step per earlier top-level item.
        nodeOf(it.loc);
        const syntax = it.syntax ?? readFunction(file.tree, it.loc, file.code, file.shapes);
        if (syntax) {
          recorders.push(new Map());
          try {
            r = analyzeOne(syntax, ctx);
          } finally {
            const callees = recorders.pop()!;
            calleesOf.set(it.name, [...callees.keys()]);
            if (r && cache) {
              cache.misses++;
              cache.keep({ name: it.name, isStatic: it.isStatic, start: it.loc.start, end: it.loc.end, row: it.row, result: r, callees });
            }
          }
        }
      }
    } finally {
      depth--;
      inProgress.delete(it.name);
    }
    r ??= { facts: emptyFacts(it.name, it.row), findings: [], summary: emptySummary(it.name, []) };
    results.set(it, r);
    return r;
  };
  const analysis: FileAnalysis = { path, functions: [], findings: [], skipped: null };
  const summaries = new Map<string, FunctionSummary>();
  const exported = new Map<string, FunctionSummary | null>();
  const releasedByCallers = callersRelease(items.map((it) => ({ name: it.name, summary: run(it).summary })), calleesOf);
  for (const it of items) {
    const r = run(it);
    analysis.functions.push(r.facts);
    analysis.findings.push(...handedOn(r.findings, releasedByCallers.get(it.name)));
    if (hasEffect(r.summary)) summaries.set(it.name, r.summary);
    if (!it.isStatic) exported.set(it.name, exported.has(it.name) || !hasEffect(r.summary) ? null : r.summary);
  }
  cache?.end(file);
  analysis.findings = withoutSilenced(analysis.findings, file.text);
  analysis.findings.sort((a, b) => a.span.start.line - b.span.start.line || a.span.start.column - b.span.start.column);
  return { analysis, summaries, exported };
}

/**
 * The locks (by member, or whole for a global) that callers of each function release
 * without taking them: held on entry, so from the call. `tree_mod_dont_log()` returns
 * false holding the log lock and its callers here unlock it on that branch.
 */
function callersRelease(fns: Array<{ name: string; summary: FunctionSummary }>, calleesOf: Map<string, string[]>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const { name, summary } of fns) {
    const released = [...summary.releasesEntry, ...summary.mayReleaseEntry].map((l) => lockMember(l.lock) ?? l.lock);
    if (!released.length) continue;
    for (const callee of calleesOf.get(name) ?? []) {
      if (callee === name) continue;
      let set = out.get(callee);
      if (!set) out.set(callee, (set = new Set()));
      for (const m of released) set.add(m);
    }
  }
  return out;
}

/** A lock held at some return that the function's callers in this file release is handed on by design. */
function handedOn(findings: Finding[], releasedByCallers: Set<string> | undefined): Finding[] {
  if (!releasedByCallers) return findings;
  return findings.filter((f) => {
    const lock = f.code === 'lock/held-at-return' ? heldLockOf(f.message) : null;
    return lock === null || !releasedByCallers.has(lockMember(lock) ?? lock);
  });
}

/** Text that may return a constant truth (`return false;`): a caller's facts can use it. */
const CONSTANT_RETURN = /\breturn\s+(true|false|0|1)\s*;/;

/** Text that may raise or lower a count (`++n`, `n -= 1`, `n = 0;`): a caller's mode facts follow it. */
const MAY_RAISE = /\+\+|--|[+-]=|=\s*(?:true|false|\d+)\s*;/;

/** Text that may write a member (`p->x = `, `a.b += `, `p->n++`): only such a function has field effects to read. */
const WRITES_MEMBER = /(?:->|\.)\s*[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)?(?:[-+*\/%&|^]|<<|>>)?=(?!=)|(?:->|\.)\s*[A-Za-z_]\w*\s*(?:\+\+|--)|(?:\+\+|--)\s*[A-Za-z_]\w*\s*(?:->|\.)/;

/** A definition's name, its position and `static`, read from the live tree without copying it. */
function functionHead(node: Node): { name: string; span: FunctionFacts['nameSpan']; isStatic: boolean } | null {
  let decl = node.childForFieldName('declarator');
  for (let i = 0; decl && decl.type !== 'function_declarator' && i < 32; i++) decl = decl.childForFieldName('declarator');
  if (!decl) return null;
  let n = decl.childForFieldName('declarator');
  for (let i = 0; n && n.type !== 'identifier' && i < 32; i++) n = n.childForFieldName('declarator') ?? n.firstChild;
  if (!n || n.type !== 'identifier') return null;
  let isStatic = false;
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (c?.type === 'storage_class_specifier' && c.text === 'static') isStatic = true;
  }
  return {
    name: n.text,
    span: { start: { line: n.startPosition.row + 1, column: n.startPosition.column }, end: { line: n.endPosition.row + 1, column: n.endPosition.column } },
    isStatic,
  };
}

/** One function; an engine bug becomes a note on it instead of taking the file down. */
function analyzeOne(fn: FunctionSyntax, ctx: AnalysisContext): FunctionAnalysis {
  try {
    return analyzeFunction(fn, ctx);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const facts = emptyFacts(fn.name, fn.node.startRow);
    facts.endLine = fn.node.endRow + 1;
    facts.nameSpan = { start: { line: fn.nameNode.startRow + 1, column: fn.nameNode.startCol }, end: { line: fn.nameNode.endRow + 1, column: fn.nameNode.endCol } };
    facts.notes.push(`internal error while analysing this function: ${msg}`);
    return { facts, findings: [], summary: emptySummary(fn.name, fn.params) };
  }
}

function emptyFacts(name: string, row: number): FunctionFacts {
  const at = { line: row + 1, column: 0 };
  return { name, startLine: row + 1, endLine: row + 1, nameSpan: { start: at, end: at }, locks: [], sites: [], allocSites: [], maySleep: false, notes: [] };
}

/** A stable text for a summary (or its absence), to tell whether a caller's inputs changed. */
function digest(s: FunctionSummary | null): string {
  if (!s) return 'null';
  let d = digests.get(s);
  if (d === undefined) digests.set(s, (d = JSON.stringify(s, (_k, v) => (v instanceof Map ? [...v] : v))));
  return d;
}

const digests = new WeakMap<FunctionSummary, string>();

const LINE_KEYS = new Set(['line', 'startLine', 'endLine']);

/** A deep copy of an analysis result with every line number moved by `delta`. */
function shiftLines<T>(value: T, delta: number): T {
  // Results are never mutated after they are made: an unmoved function shares its previous result.
  if (delta === 0) return value;
  const copy = (v: unknown, key: string): unknown => {
    if (typeof v === 'number') return LINE_KEYS.has(key) ? v + delta : v;
    // Messages and notes name lines ("released at line 89").
    if (typeof v === 'string' && delta !== 0) return v.replace(/\b(lines? )(\d+)/g, (_m, word: string, n: string) => `${word}${Number(n) + delta}`);
    if (Array.isArray(v)) return v.map((x) => copy(x, ''));
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, copy(x, '')]));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = copy(x, k);
      return out;
    }
    return v;
  };
  return copy(value, '') as T;
}

let cachedCatalogue: { key: string; value: LockCatalogue } | null = null;
let cachedSleeps: { key: string; value: SleepCatalogue } | null = null;

function catalogueFor(settings: LockLensSettings): LockCatalogue {
  const key = JSON.stringify(settings.extraLockApis);
  if (cachedCatalogue?.key !== key) cachedCatalogue = { key, value: new LockCatalogue(settings.extraLockApis) };
  return cachedCatalogue.value;
}

function sleepsFor(settings: LockLensSettings): SleepCatalogue {
  const key = JSON.stringify(settings.extraSleepingApis);
  if (cachedSleeps?.key !== key) cachedSleeps = { key, value: new SleepCatalogue(settings.extraSleepingApis) };
  return cachedSleeps.value;
}

/**
 * `// locklens-ignore lock/back-to-back` (or `/* locklens-ignore *\/` for every
 * code) silences findings on its own line and on the next line.
 */
export function withoutSilenced<T extends { code: string; span: { start: { line: number } } }>(findings: T[], text: string): T[] {
  if (!findings.length || !text.includes('locklens-ignore')) return findings;
  const silenced = new Map<number, Set<string> | 'all'>();
  const re = /locklens-ignore\b([^\n*]*)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const line = text.slice(0, m.index).split('\n').length;
    const codes = m[1].trim().split(/[\s,]+/).filter((c) => /^[a-z]+\/[a-z-]+$/.test(c));
    for (const l of [line, line + 1]) {
      const prev = silenced.get(l);
      if (!codes.length || prev === 'all') silenced.set(l, 'all');
      else silenced.set(l, new Set([...(prev ?? []), ...codes]));
    }
  }
  return findings.filter((f) => {
    const s = silenced.get(f.span.start.line);
    return !s || (s !== 'all' && !s.has(f.code));
  });
}
