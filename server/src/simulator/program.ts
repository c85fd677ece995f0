/**
 * One C file made runnable: its functions (compiled on first use), the file-scope
 * locks and integers it defines, and calls with invariant checks around them.
 */
import type { Parser } from 'web-tree-sitter';
import { parseFile, readFunctions } from '../analysis/analyzeFile';
import type { FunctionSyntax } from '../parsing/functions';
import { callCompiled, compileFunction, CompileError, type CompiledFunction, type FileGlobal, type ProgramLike } from './compile';
import { CallAbort, Exec, emptySnapshot, type SourceLines } from './exec';
import { Struct, Unknown, type Value } from './values';
import { newIdr, newLock } from './model/objects';
import { runRcuCallbacks } from './builtins';

export class Program implements ProgramLike, SourceLines {
  private readonly syntax = new Map<string, FunctionSyntax>();
  private readonly compiled = new Map<string, CompiledFunction>();
  /** Functions that could not be compiled, with the reason. */
  readonly compileErrors = new Map<string, string>();
  private readonly globalNames: string[] = [];
  private readonly globalIndex = new Map<string, number>();
  readonly fileGlobals = new Map<string, FileGlobal>();
  private readonly lines: string[];

  constructor(
    readonly path: string,
    readonly text: string,
    functions: FunctionSyntax[],
    code: string,
  ) {
    for (const f of functions) if (!this.syntax.has(f.name)) this.syntax.set(f.name, f);
    this.lines = text.split(/\r?\n/);
    findFileGlobals(code, this.fileGlobals);
  }

  /** Parses `text` with `parser` and copies its functions out (the tree is freed). */
  static parse(parser: Parser, path: string, text: string): Program {
    const file = parseFile(parser, text);
    try {
      return new Program(path, text, readFunctions(file), file.code);
    } finally {
      file.tree.delete();
    }
  }

  functionNames(): string[] {
    return [...this.syntax.keys()];
  }

  hasFunction(name: string): boolean {
    return this.syntax.has(name);
  }

  /** The compiled function, compiling it on first use; null (with `compileErrors` set) when it cannot be. */
  fn(name: string): CompiledFunction | null {
    const done = this.compiled.get(name);
    if (done) return done;
    const syn = this.syntax.get(name);
    if (!syn || this.compileErrors.has(name)) return null;
    try {
      const c = compileFunction(syn, this);
      this.compiled.set(name, c);
      return c;
    } catch (err) {
      if (!(err instanceof CompileError)) throw err;
      this.compileErrors.set(name, err.message);
      return null;
    }
  }

  /** Whether the function's definition parsed cleanly (ERROR nodes make interpretation unreliable). */
  syntaxOf(name: string): FunctionSyntax | undefined {
    return this.syntax.get(name);
  }

  globalSlot(name: string): number {
    let i = this.globalIndex.get(name);
    if (i === undefined) {
      i = this.globalNames.length;
      this.globalNames.push(name);
      this.globalIndex.set(name, i);
    }
    return i;
  }

  /** The value of a global in this run, created on first use: file-defined, model-defined, or a reported stand-in. */
  bindGlobal(x: Exec, slot: number, objectContext: boolean): Value {
    const name = this.globalNames[slot];
    let v: Value;
    const g = this.fileGlobals.get(name);
    if (g) {
      v = g.kind === 'int' ? g.init : g.kind === 'idr' ? newIdr(name, true) : newLock(name, true, g.kind);
    } else if (x.modelGlobals.has(name)) {
      v = x.modelGlobals.get(name)!;
    } else {
      x.note('unknown-identifier', name);
      v = objectContext ? new Struct('unknown', true, name) : new Unknown(name);
    }
    x.globals[slot] = v;
    return v;
  }

  lineText(line: number): string {
    return this.lines[line - 1] ?? '';
  }
}

/** File-scope definitions the model understands, found by their macro or declaration shape. */
function findFileGlobals(code: string, out: Map<string, FileGlobal>): void {
  const shapes: Array<[RegExp, FileGlobal['kind']]> = [
    [/\bDEFINE_(?:RAW_)?SPINLOCK\s*\(\s*(\w+)\s*\)/g, 'spin'],
    [/\bDEFINE_MUTEX\s*\(\s*(\w+)\s*\)/g, 'mutex'],
    [/\bDEFINE_RWLOCK\s*\(\s*(\w+)\s*\)/g, 'rwlock'],
    [/\b(?:DECLARE|DEFINE)_RWSEM\s*\(\s*(\w+)\s*\)/g, 'rwsem'],
    [/\bDEFINE_IDR\s*\(\s*(\w+)\s*\)/g, 'idr'],
    [/^(?:static\s+)?(?:spinlock_t|raw_spinlock_t)\s+(\w+)\s*;/gm, 'spin'],
    [/^(?:static\s+)?struct\s+mutex\s+(\w+)\s*;/gm, 'mutex'],
  ];
  for (const [re, kind] of shapes) for (const m of code.matchAll(re)) out.set(m[1], { kind, init: 0 });
  const ints = /^(?:static\s+)?(?:unsigned\s+)?(?:int|long|bool|u32|u64|s32|s64)\s+(\w+)\s*(?:=\s*(-?(?:0x)?[0-9a-fA-F]+))?\s*;/gm;
  for (const m of code.matchAll(ints)) out.set(m[1], { kind: 'int', init: m[2] ? Number(m[2]) : 0 });
}

/** Reused by invoke(), which is not re-entered (interpreted calls go through callCompiled). */
const callSnapshot = emptySnapshot();

export interface CallOutcome {
  ret: Value;
  /** The message of a violation that stopped the call, or null. */
  aborted: string | null;
}

/**
 * Calls `name` with the invariants checked afterwards; RCU callbacks it queued run
 * before the checks. A call that aborts releases what it held so the run can go on.
 */
export function invoke(x: Exec, program: Program, name: string, args: Value[], label: string): CallOutcome {
  const fn = program.fn(name);
  if (!fn) throw new Error(program.compileErrors.get(name) ?? `no function ${name}`);
  x.beginCall(label);
  const before = x.snapshot(callSnapshot);
  let ret: Value = null;
  let aborted: string | null = null;
  const abortWith = (err: unknown) => {
    if (!(err instanceof CallAbort)) throw err;
    x.check(err.invariant, false, () => err.message);
    aborted ??= err.message;
    for (const l of x.held) l.lk!.owner = 0;
  };
  try {
    ret = callCompiled(x, fn, args);
  } catch (err) {
    abortWith(err);
  }
  // A callback that aborts (a double free in delayed_put_pid) is this call's violation too.
  try {
    runRcuCallbacks(x, (n, a) => {
      const cb = program.fn(n);
      return cb ? callCompiled(x, cb, a) : undefined;
    });
  } catch (err) {
    x.rcuQueue.length = 0;
    abortWith(err);
  }
  if (aborted === null) x.checkAfterCall(ret, fn.usesErrPtr, before, false);
  x.held.length = 0;
  x.preloadDepth = 0;
  return { ret, aborted };
}

export { Exec };
