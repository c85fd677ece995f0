/**
 * Compiles a function's syntax tree to JavaScript closures, once; running the
 * function then calls closures, never walks the tree and never evaluates text.
 *
 * Statements return a completion code (normal, break, continue, return, goto);
 * gotos unwind to the enclosing block that holds the label. Compilation is
 * recursive but depth-bounded (MAX_NESTING), so each closure chain is too.
 */
import { child, textOf, type SyntaxNode } from '../parsing/syntax';
import type { FunctionSyntax } from '../parsing/functions';
import { CArray, CString, ErrPtr, FnRef, Ptr, Ref, Struct, Unknown, asArrayPtr, describeValue, fieldKey, valuesEqual, type Value } from './values';
import { CONSTANTS } from './constants';
import type { Exec } from './exec';
import { BUILTINS, type Builtin, type CallSite } from './builtins';

export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;
export const GOTO = 4;

/** Syntax nested deeper than this is refused ("too deeply nested"), keeping the compiler's recursion and the closures' depth bounded. */
export const MAX_NESTING = 200;
/** Interpreted calls nested deeper than this stop the call (runaway recursion). */
export const MAX_CALL_DEPTH = 64;
/**
 * Syntax levels of all active interpreted calls together (each call's closures nest
 * as deep as its body's syntax). Bounds the JavaScript stack: 64 calls of a body
 * nested 190 deep overflowed it (at about 12,000 levels on the default stack); a
 * call beyond this stops like runaway recursion, the same on every machine.
 */
export const MAX_STACKED_NESTING = 4000;

export class Frame {
  readonly v: Value[];
  ret: Value = null;
  label = '';
  constructor(
    readonly x: Exec,
    size: number,
  ) {
    this.v = new Array<Value>(size).fill(null);
  }
}

export type Expr = (f: Frame) => Value;
export type Stmt = (f: Frame) => number;

/** Thrown when a function cannot be compiled at all. */
export class CompileError extends Error {}

export interface CompiledFunction {
  name: string;
  params: string[];
  /** Parameter types as written (`struct pid_namespace *`). */
  paramTypes: string[];
  returnType: string;
  line: number;
  slots: number;
  body: Stmt;
  /** True when the body uses ERR_PTR: its return values follow that convention. */
  usesErrPtr: boolean;
  /** Constructs the compiler skipped, with their lines: reported. */
  notInterpreted: string[];
  /** The deepest syntax nesting of the body: how deep its closures nest when it runs. */
  nesting: number;
}

/** A file-scope definition the interpreter knows: `static DEFINE_SPINLOCK(pidmap_lock);`, `static int x = 3;`. */
export interface FileGlobal {
  kind: 'spin' | 'mutex' | 'rwlock' | 'rwsem' | 'int' | 'idr';
  init: number;
}

/** Where a run is: compiled functions of one file plus the globals they name. */
export interface ProgramLike {
  fn(name: string): CompiledFunction | null;
  hasFunction(name: string): boolean;
  globalSlot(name: string): number;
  bindGlobal(x: Exec, slot: number, objectContext: boolean): Value;
}

// A location (container, key) computed by an lvalue closure; read immediately by the caller.
let locBox: Record<string | number, Value> = {};
let locKey: string | number = 0;
/** The C array whose items `locBox` is, when the location is an array element. */
let locArr: CArray | null = null;
type Loc = (f: Frame) => void;

const SCALAR_TYPES = /^(?:(?:un)?signed|int|long|short|char|bool|_Bool|size_t|ssize_t|pid_t|uid_t|gid_t|gfp_t|loff_t|off_t|[us](?:8|16|32|64)|__[us](?:8|16|32|64)|uintptr_t|phys_addr_t|dma_addr_t|sector_t|fmode_t|umode_t|dev_t|ino_t|time64_t|ktime_t|enum\b.*|float|double|unsigned\b.*|long\b.*)$/;

/** Compiles one function. Throws {@link CompileError} on input it refuses (too deeply nested). */
export function compileFunction(fn: FunctionSyntax, program: ProgramLike): CompiledFunction {
  const c = new Compiler(fn.code, program);
  const params: string[] = [];
  const paramTypes: string[] = [];
  const paramSlots: number[] = [];
  let decl = child(fn.node, 'declarator');
  while (decl && decl.type !== 'function_declarator') decl = child(decl, 'declarator');
  const plist = decl ? child(decl, 'parameters') : undefined;
  c.pushScope();
  for (const p of plist?.children ?? []) {
    if (p.type !== 'parameter_declaration') continue;
    let d = child(p, 'declarator');
    let stars = '';
    while (d && d.type !== 'identifier') {
      if (d.type === 'pointer_declarator') stars += '*';
      d = child(d, 'declarator') ?? d.children.find((k) => k.type === 'identifier');
    }
    if (!d) continue;
    const name = textOf(fn.code, d);
    const t = child(p, 'type');
    params.push(name);
    paramTypes.push(`${t ? textOf(fn.code, t) : 'int'}${stars ? ' ' + stars : ''}`);
    paramSlots.push(c.declare(name));
  }
  const body = c.block(fn.body, 0);
  c.popScope();
  const returnTypeNode = child(fn.node, 'type');
  let returnType = returnTypeNode ? textOf(fn.code, returnTypeNode) : 'int';
  if (child(fn.node, 'declarator')?.type === 'pointer_declarator') returnType += ' *';
  const slots = c.slotCount;
  const run: Stmt = (f) => body(f);
  return {
    name: fn.name,
    params,
    paramTypes,
    returnType,
    line: fn.node.startRow + 1,
    slots,
    body: run,
    usesErrPtr: c.usesErrPtr,
    notInterpreted: c.notInterpreted,
    nesting: c.maxDepth,
  };
}

/** Runs a compiled function with arguments already evaluated. */
export function callCompiled(x: Exec, fn: CompiledFunction, args: Value[]): Value {
  if (x.callDepth >= MAX_CALL_DEPTH) x.abort('memory-safety', `calls nested more than ${MAX_CALL_DEPTH} deep (runaway recursion in ${fn.name})`);
  if (x.stackedNesting + fn.nesting > MAX_STACKED_NESTING) {
    x.abort('memory-safety', `calls nested ${x.callDepth + 1} deep through ${x.stackedNesting + fn.nesting} levels of syntax, over the interpreter's bound of ${MAX_STACKED_NESTING} (runaway recursion in ${fn.name})`);
  }
  const f = new Frame(x, fn.slots);
  for (let i = 0; i < fn.params.length; i++) f.v[i] = i < args.length ? args[i] : null;
  x.callDepth++;
  x.stackedNesting += fn.nesting;
  const savedLine = x.line;
  try {
    const code = fn.body(f);
    if (code === GOTO) x.abort('memory-safety', `goto ${f.label}: label not found in an enclosing block`);
    return code === RETURN ? f.ret : null;
  } finally {
    x.callDepth--;
    x.stackedNesting -= fn.nesting;
    x.line = savedLine;
  }
}

/** Truthiness for conditions; unknown values follow the common-path rule (false unless exploring). */
function truth(x: Exec, v: Value): boolean {
  if (typeof v === 'number') return v !== 0;
  if (v instanceof Unknown) {
    x.note('unknown-condition', `line ${x.line}: ${v.origin}`);
    return x.unknownBranches;
  }
  return v !== null;
}

function isNum(v: Value): v is number {
  return typeof v === 'number';
}

class Compiler {
  private scopes: Array<Map<string, number>> = [];
  slotCount = 0;
  usesErrPtr = false;
  /** The deepest level `nest` reached. */
  maxDepth = 0;
  readonly notInterpreted: string[] = [];
  /** Labels of the enclosing blocks, innermost last (for checking gotos). */
  private labelStack: Array<Set<string>> = [];

  constructor(
    private readonly code: string,
    private readonly program: ProgramLike,
  ) {}

  pushScope(): void {
    this.scopes.push(new Map());
  }
  popScope(): void {
    this.scopes.pop();
  }
  declare(name: string): number {
    const slot = this.slotCount++;
    this.scopes[this.scopes.length - 1].set(name, slot);
    return slot;
  }
  private lookup(name: string): number {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i].get(name);
      if (s !== undefined) return s;
    }
    return -1;
  }
  private text(n: SyntaxNode): string {
    return textOf(this.code, n);
  }
  private skip(n: SyntaxNode, what: string): void {
    this.notInterpreted.push(`line ${n.startRow + 1}: ${what}`);
  }
  private nest(depth: number, n: SyntaxNode): number {
    if (depth > MAX_NESTING) throw new CompileError(`too deeply nested (over ${MAX_NESTING} levels) at line ${n.startRow + 1}`);
    if (depth + 1 > this.maxDepth) this.maxDepth = depth + 1;
    return depth + 1;
  }

  // ---- statements ---------------------------------------------------------------

  /** A compound statement: a scope, its labels, and gotos landing on them. */
  block(n: SyntaxNode, depth: number): Stmt {
    const d = this.nest(depth, n);
    const items = n.children.filter((k) => k.type !== 'comment' && k.field === null);
    const labels = new Map<string, number>();
    items.forEach((k, i) => {
      for (let s: SyntaxNode | undefined = k; s && s.type === 'labeled_statement'; s = s.children.find((c) => c.field !== 'label')) {
        const l = child(s, 'label');
        if (l) labels.set(this.text(l), i);
      }
    });
    this.labelStack.push(new Set(labels.keys()));
    this.pushScope();
    const stmts = items.map((k) => this.statement(k, d));
    this.popScope();
    this.labelStack.pop();
    const count = stmts.length;
    if (labels.size === 0) {
      if (count === 1) return stmts[0];
      return (f) => {
        for (let i = 0; i < count; i++) {
          const r = stmts[i](f);
          if (r !== NORMAL) return r;
        }
        return NORMAL;
      };
    }
    return (f) => {
      let i = 0;
      while (i < count) {
        const r = stmts[i](f);
        if (r === NORMAL) {
          i++;
          continue;
        }
        if (r === GOTO) {
          const target = labels.get(f.label);
          if (target !== undefined) {
            i = target;
            continue;
          }
        }
        return r;
      }
      return NORMAL;
    };
  }

  statement(n: SyntaxNode, depth: number): Stmt {
    const d = this.nest(depth, n);
    const line = n.startRow + 1;
    switch (n.type) {
      case 'compound_statement':
        return this.block(n, d);
      case 'expression_statement': {
        const e = n.children.find((k) => k.type !== 'comment');
        if (!e) return () => NORMAL;
        const ex = this.expr(e, d, false);
        return (f) => {
          f.x.tick(line);
          ex(f);
          return NORMAL;
        };
      }
      case 'declaration':
        return this.declaration(n, d);
      case 'if_statement':
        return this.ifStatement(n, d);
      case 'while_statement':
        return this.whileLoop(n, d);
      case 'do_statement':
        return this.doLoop(n, d);
      case 'for_statement':
        return this.forLoop(n, d);
      case 'return_statement': {
        const e = n.children.find((k) => k.type !== 'comment');
        if (!e) {
          return (f) => {
            f.x.tick(line);
            return RETURN;
          };
        }
        const ex = this.expr(e, d, false);
        return (f) => {
          f.x.tick(line);
          f.ret = ex(f);
          return RETURN;
        };
      }
      case 'break_statement':
        return (f) => {
          f.x.tick(line);
          return BREAK;
        };
      case 'continue_statement':
        return (f) => {
          f.x.tick(line);
          return CONTINUE;
        };
      case 'goto_statement': {
        const l = child(n, 'label');
        const label = l ? this.text(l) : '';
        if (!this.labelStack.some((s) => s.has(label))) this.skip(n, `goto ${label}: the label is not in an enclosing block`);
        return (f) => {
          f.x.tick(line);
          f.label = label;
          return GOTO;
        };
      }
      case 'labeled_statement': {
        const inner = n.children.find((k) => k.field !== 'label' && k.type !== 'comment');
        return inner ? this.statement(inner, d) : () => NORMAL;
      }
      case 'switch_statement':
        return this.switchStatement(n, d);
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_else':
      case 'preproc_elif': {
        // Kernel shapes already blanked #else branches: run what is left as a block.
        const parts = n.children.filter((k) => k.field === null && k.type !== 'comment' && !k.type.startsWith('preproc_') && k.type !== 'identifier');
        const stmts = parts.map((k) => this.statement(k, d));
        return (f) => {
          for (const s of stmts) {
            const r = s(f);
            if (r !== NORMAL) return r;
          }
          return NORMAL;
        };
      }
      case 'comment':
      case 'preproc_call':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_include':
      case 'type_definition':
      case 'struct_specifier':
      case 'enum_specifier':
        return () => NORMAL;
      default:
        this.skip(n, `${n.type} not interpreted: ${this.text(n).slice(0, 60)}`);
        return (f) => {
          f.x.tick(line);
          f.x.note('not-interpreted', `line ${line}: ${n.type}`);
          return NORMAL;
        };
    }
  }

  private cond(n: SyntaxNode, depth: number): (f: Frame) => boolean {
    const inner = n.type === 'parenthesized_expression' && n.children.length === 1 ? n.children[0] : n;
    const e = this.expr(inner, depth, false);
    return (f) => {
      const v = e(f);
      if (typeof v === 'number') return v !== 0;
      return truth(f.x, v);
    };
  }

  private ifStatement(n: SyntaxNode, d: number): Stmt {
    const line = n.startRow + 1;
    const condNode = child(n, 'condition')!;
    const cond = this.cond(condNode, d);
    const thenNode = child(n, 'consequence');
    const then = thenNode ? this.statement(thenNode, d) : () => NORMAL;
    const elseClause = child(n, 'alternative');
    const elseNode = elseClause?.type === 'else_clause' ? elseClause.children.find((k) => k.type !== 'comment') : elseClause;
    const otherwise = elseNode ? this.statement(elseNode, d) : null;
    if (!otherwise) {
      return (f) => {
        f.x.tick(line);
        return cond(f) ? then(f) : NORMAL;
      };
    }
    return (f) => {
      f.x.tick(line);
      return cond(f) ? then(f) : otherwise(f);
    };
  }

  /** Runs `body` and maps its completion for a loop: -1 to go on, or the code to return. */
  private static loopStep(r: number): number {
    if (r === NORMAL || r === CONTINUE) return -1;
    if (r === BREAK) return NORMAL;
    return r;
  }

  private whileLoop(n: SyntaxNode, d: number): Stmt {
    const line = n.startRow + 1;
    const cond = this.cond(child(n, 'condition')!, d);
    const bodyNode = child(n, 'body');
    const body = bodyNode ? this.statement(bodyNode, d) : () => NORMAL;
    return (f) => {
      const x = f.x;
      for (;;) {
        x.tick(line);
        if (!cond(f)) return NORMAL;
        const r = Compiler.loopStep(body(f));
        if (r >= 0) return r;
      }
    };
  }

  private doLoop(n: SyntaxNode, d: number): Stmt {
    const line = (child(n, 'condition') ?? n).startRow + 1;
    const cond = this.cond(child(n, 'condition')!, d);
    const bodyNode = child(n, 'body');
    const body = bodyNode ? this.statement(bodyNode, d) : () => NORMAL;
    return (f) => {
      const x = f.x;
      for (;;) {
        const r = Compiler.loopStep(body(f));
        if (r >= 0) return r;
        x.tick(line);
        if (!cond(f)) return NORMAL;
      }
    };
  }

  private forLoop(n: SyntaxNode, d: number): Stmt {
    const line = n.startRow + 1;
    this.pushScope();
    const initNode = child(n, 'initializer');
    const init: Stmt | null = initNode
      ? initNode.type === 'declaration'
        ? this.declaration(initNode, d)
        : ((e) => (f: Frame) => (e(f), NORMAL))(this.expr(initNode, d, false))
      : null;
    const condNode = child(n, 'condition');
    const cond = condNode ? this.cond(condNode, d) : null;
    const updNode = child(n, 'update');
    const update = updNode ? this.expr(updNode, d, false) : null;
    const bodyNode = child(n, 'body');
    const body = bodyNode ? this.statement(bodyNode, d) : () => NORMAL;
    this.popScope();
    return (f) => {
      const x = f.x;
      x.tick(line);
      if (init) init(f);
      for (;;) {
        x.tick(line);
        if (cond && !cond(f)) return NORMAL;
        const r = Compiler.loopStep(body(f));
        if (r >= 0) return r;
        if (update) update(f);
      }
    };
  }

  private switchStatement(n: SyntaxNode, d: number): Stmt {
    const line = n.startRow + 1;
    const cond = child(n, 'condition')!;
    const value = this.expr(cond.type === 'parenthesized_expression' ? cond.children[0] : cond, d, false);
    const bodyNode = child(n, 'body');
    const cases: Array<{ value: Expr | null; entry: number }> = [];
    const stmts: Stmt[] = [];
    this.pushScope();
    for (const k of bodyNode?.children ?? []) {
      if (k.type === 'comment') continue;
      if (k.type === 'case_statement') {
        const v = child(k, 'value');
        cases.push({ value: v ? this.expr(v, d, false) : null, entry: stmts.length });
        for (const s of k.children) if (s.field !== 'value' && s.type !== 'comment') stmts.push(this.statement(s, d));
      } else {
        stmts.push(this.statement(k, d));
      }
    }
    this.popScope();
    return (f) => {
      f.x.tick(line);
      const v = value(f);
      let entry = -1;
      for (const c of cases) {
        if (c.value && valuesEqual(c.value(f), v)) {
          entry = c.entry;
          break;
        }
      }
      if (entry < 0) for (const c of cases) if (!c.value) entry = c.entry;
      if (entry < 0) return NORMAL;
      for (let i = entry; i < stmts.length; i++) {
        const r = stmts[i](f);
        if (r === BREAK) return NORMAL;
        if (r !== NORMAL) return r;
      }
      return NORMAL;
    };
  }

  private declaration(n: SyntaxNode, d: number): Stmt {
    const line = n.startRow + 1;
    const typeNode = child(n, 'type');
    const typeText = typeNode ? this.text(typeNode) : 'int';
    const isStructType = !!typeNode && (typeNode.type === 'struct_specifier' || typeNode.type === 'union_specifier' || (typeNode.type === 'type_identifier' && !SCALAR_TYPES.test(typeText)));
    const structName = typeNode?.type === 'struct_specifier' || typeNode?.type === 'union_specifier' ? this.text(child(typeNode, 'name') ?? typeNode) : typeText;
    const inits: Stmt[] = [];
    for (const k of n.children) {
      if (k.field !== 'declarator') continue;
      let decl = k;
      let valueNode: SyntaxNode | undefined;
      if (k.type === 'init_declarator') {
        decl = child(k, 'declarator')!;
        valueNode = child(k, 'value');
      }
      // Peel declarators: pointers, arrays (with size), parentheses.
      let pointer = false;
      const sizes: SyntaxNode[] = [];
      let unsized = false;
      while (decl && decl.type !== 'identifier') {
        if (decl.type === 'pointer_declarator') pointer = true;
        if (decl.type === 'array_declarator') {
          const s = child(decl, 'size');
          if (s) sizes.push(s);
          else unsized = true;
        }
        if (decl.type === 'function_declarator') break;
        decl = child(decl, 'declarator') ?? decl.children.find((c) => c.type === 'identifier')!;
      }
      if (!decl || decl.type !== 'identifier') continue;
      const name = this.text(decl);
      // Evaluate the initialiser before the name is in scope (`int x = x;` reads the outer x).
      const sizeExpr = sizes.length ? this.expr(sizes[0], d, false) : null;
      let init: Expr | null = null;
      let listItems: Array<{ field: string | null; value: Expr }> | null = null;
      if (valueNode?.type === 'initializer_list') {
        listItems = [];
        for (const item of valueNode.children) {
          if (item.type === 'comment') continue;
          if (item.type === 'initializer_pair') {
            const des = child(item, 'designator');
            const fieldName = des ? fieldKey(this.text(des).replace(/^\./, '').replace(/^\[|\]$/g, '')) : null;
            const v = child(item, 'value');
            if (v) listItems.push({ field: fieldName, value: this.expr(v, d, false) });
          } else {
            listItems.push({ field: null, value: this.expr(item, d, false) });
          }
        }
      } else if (valueNode) {
        init = this.expr(valueNode, d, false);
      }
      const slot = this.declare(name);
      const isArray = sizes.length > 0 || unsized;
      const aggregateStruct = !pointer && isStructType;
      const items = listItems;
      const makeElement = aggregateStruct ? () => new Struct(structName, false) : () => 0;
      inits.push((f) => {
        let v: Value;
        if (isArray) {
          const size = sizeExpr ? toIndex(f.x, sizeExpr(f)) : items ? items.length : 0;
          if (size > 1_000_000) f.x.abort('memory-safety', `local array ${name}[${size}] is too large for the model`);
          const arr: Value[] = new Array<Value>(size);
          for (let i = 0; i < size; i++) arr[i] = makeElement();
          if (items) items.forEach((it, i) => i < size && (arr[i] = it.value(f)));
          v = new CArray(arr);
        } else if (aggregateStruct) {
          const s = new Struct(structName, false);
          if (items) for (const it of items) if (it.field) s.f[it.field] = it.value(f);
          if (init) {
            const src = init(f);
            if (src instanceof Struct) Object.assign(s.f, src.f);
          }
          v = s;
        } else if (init) {
          v = init(f);
        } else if (items) {
          v = items.length ? items[0].value(f) : 0;
        } else {
          v = pointer ? null : 0;
        }
        f.v[slot] = v;
        return NORMAL;
      });
    }
    if (inits.length === 1) {
      const one = inits[0];
      return (f) => {
        f.x.tick(line);
        return one(f);
      };
    }
    return (f) => {
      f.x.tick(line);
      for (const i of inits) i(f);
      return NORMAL;
    };
  }

  // ---- expressions ------------------------------------------------------------

  /** Compiles an rvalue. `obj`: the value will be dereferenced (lenient defaults make objects, not unknown numbers). */
  expr(n: SyntaxNode, depth: number, obj: boolean): Expr {
    const d = this.nest(depth, n);
    switch (n.type) {
      case 'number_literal': {
        const v = parseNumber(this.text(n));
        return () => v;
      }
      case 'char_literal': {
        const v = parseChar(this.text(n));
        return () => v;
      }
      case 'string_literal':
      case 'concatenated_string': {
        const s = new CString(this.text(n));
        return () => s;
      }
      case 'true':
        return () => 1;
      case 'false':
        return () => 0;
      case 'null':
        return () => null;
      case 'identifier':
        return this.identifier(n, obj);
      case 'parenthesized_expression': {
        const inner = n.children.find((k) => k.type !== 'comment');
        return inner ? this.expr(inner, d, obj) : () => null;
      }
      case 'binary_expression':
        return this.binary(n, d);
      case 'unary_expression':
        return this.unary(n, d);
      case 'pointer_expression':
        return this.pointerExpr(n, d, obj);
      case 'update_expression':
        return this.update(n, d);
      case 'assignment_expression':
        return this.assignment(n, d);
      case 'field_expression':
      case 'subscript_expression': {
        const loc = this.lvalue(n, d, obj);
        return (f) => {
          loc(f);
          return locBox[locKey] as Value;
        };
      }
      case 'call_expression':
        return this.call(n, d, obj);
      case 'conditional_expression': {
        const cond = this.cond(child(n, 'condition')!, d);
        const condValue = this.expr(child(n, 'condition')!, d, obj);
        const a = child(n, 'consequence');
        const thenE = a ? this.expr(a, d, obj) : null;
        const elseE = this.expr(child(n, 'alternative')!, d, obj);
        if (!thenE) {
          // GNU `a ?: b`.
          return (f) => {
            const v = condValue(f);
            return truth(f.x, v) ? v : elseE(f);
          };
        }
        return (f) => (cond(f) ? thenE(f) : elseE(f));
      }
      case 'comma_expression': {
        const l = this.expr(child(n, 'left')!, d, false);
        const r = this.expr(child(n, 'right')!, d, obj);
        return (f) => (l(f), r(f));
      }
      case 'cast_expression': {
        const t = child(n, 'type');
        const tt = t ? this.text(t).replace(/\s+/g, ' ') : '';
        const v = this.expr(child(n, 'value')!, d, obj);
        const conv = castConversion(tt);
        return conv ? (f) => conv(v(f)) : v;
      }
      case 'sizeof_expression':
      case 'alignof_expression':
      case 'offsetof_expression':
        // Sizes do not matter to the model; a plausible constant keeps arithmetic going.
        return () => 8;
      case 'compound_literal_expression': {
        const t = child(n, 'type');
        const name = t ? this.text(t) : 'compound';
        return () => new Struct(name, false);
      }
      case 'comment':
        return () => null;
      default: {
        this.skip(n, `${n.type} not interpreted: ${this.text(n).slice(0, 60)}`);
        const origin = `${n.type} on line ${n.startRow + 1}`;
        return (f) => {
          f.x.note('not-interpreted', origin);
          return obj ? new Struct('unknown', true, origin) : new Unknown(origin);
        };
      }
    }
  }

  private identifier(n: SyntaxNode, obj: boolean): Expr {
    const name = this.text(n);
    const slot = this.lookup(name);
    if (slot >= 0) return (f) => f.v[slot];
    if (name === 'NULL') return () => null;
    if (name in CONSTANTS) {
      const v = CONSTANTS[name];
      return () => v;
    }
    if (this.program.hasFunction(name) || (name in BUILTINS && !this.isModelGlobal(name))) {
      const ref = new FnRef(name);
      return () => ref;
    }
    const g = this.program.globalSlot(name);
    const program = this.program;
    return (f) => {
      const v = f.x.globals[g];
      return v !== undefined ? v : program.bindGlobal(f.x, g, obj);
    };
  }

  private isModelGlobal(name: string): boolean {
    return name === 'tasklist_lock' || name === 'init_pid_ns';
  }

  /** Compiles an lvalue to a closure that sets (locBox, locKey). */
  lvalue(n: SyntaxNode, depth: number, obj: boolean): Loc {
    const d = this.nest(depth, n);
    switch (n.type) {
      case 'parenthesized_expression': {
        const inner = n.children.find((k) => k.type !== 'comment');
        if (inner) return this.lvalue(inner, d, obj);
        break;
      }
      case 'identifier': {
        const name = this.text(n);
        const slot = this.lookup(name);
        if (slot >= 0) {
          return (f) => {
            locBox = f.v as unknown as Record<number, Value>;
            locKey = slot;
          };
        }
        const g = this.program.globalSlot(name);
        const program = this.program;
        return (f) => {
          if (f.x.globals[g] === undefined) program.bindGlobal(f.x, g, obj);
          locBox = f.x.globals as unknown as Record<number, Value>;
          locKey = g;
        };
      }
      case 'field_expression': {
        const base = this.expr(child(n, 'argument')!, d, true);
        const fieldNode = child(n, 'field');
        const name = fieldKey(fieldNode ? this.text(fieldNode) : '');
        const what = this.text(n);
        return (f) => {
          const s = structOf(f.x, base(f), what);
          if (s instanceof Unknown) {
            locBox = { v: obj ? new Struct('unknown', true, s.origin) : s };
            locKey = 'v';
            return;
          }
          if (s.f[name] === undefined) missingField(f.x, s, name, obj);
          locBox = s.f;
          locKey = name;
        };
      }
      case 'subscript_expression': {
        const base = this.expr(child(n, 'argument')!, d, true);
        const index = this.expr(child(n, 'index')!, d, false);
        const what = this.text(n);
        return (f) => {
          const b = base(f);
          const i = index(f);
          elementLoc(f.x, b, i, what, obj);
        };
      }
      case 'pointer_expression': {
        const op = n.children.find((k) => k.field === 'operator')?.type;
        if (op === '*') {
          const p = this.expr(child(n, 'argument')!, d, true);
          const what = this.text(n);
          return (f) => derefLoc(f.x, p(f), what, obj);
        }
        break;
      }
      default:
        break;
    }
    // Not an lvalue we model: a scratch box absorbs writes.
    const e = this.expr(n, d, obj);
    return (f) => {
      locBox = { v: e(f) };
      locKey = 'v';
    };
  }

  private binary(n: SyntaxNode, d: number): Expr {
    const op = n.children.find((k) => k.field === 'operator')?.type ?? '';
    const l = this.expr(child(n, 'left')!, d, false);
    const r = this.expr(child(n, 'right')!, d, false);
    switch (op) {
      case '&&':
        return (f) => {
          const a = l(f);
          if (a instanceof Unknown) return truth(f.x, a) ? boolOrUnknown(f, r(f)) : 0;
          if (!(typeof a === 'number' ? a !== 0 : a !== null)) return 0;
          return boolOrUnknown(f, r(f));
        };
      case '||':
        return (f) => {
          const a = l(f);
          if (a instanceof Unknown) return truth(f.x, a) ? 1 : boolOrUnknown(f, r(f));
          if (typeof a === 'number' ? a !== 0 : a !== null) return 1;
          return boolOrUnknown(f, r(f));
        };
      case '+':
        return (f) => {
          const a = l(f);
          const b = r(f);
          return isNum(a) && isNum(b) ? a + b : pointerAdd(f.x, a, b, 1);
        };
      case '-':
        return (f) => {
          const a = l(f);
          const b = r(f);
          return isNum(a) && isNum(b) ? a - b : pointerSub(f.x, a, b);
        };
      case '==':
        return (f) => {
          const a = l(f);
          const b = r(f);
          if (isNum(a) && isNum(b)) return a === b ? 1 : 0;
          if (a instanceof Unknown || b instanceof Unknown) return unknownOf(a, b);
          return valuesEqual(a, b) ? 1 : 0;
        };
      case '!=':
        return (f) => {
          const a = l(f);
          const b = r(f);
          if (isNum(a) && isNum(b)) return a !== b ? 1 : 0;
          if (a instanceof Unknown || b instanceof Unknown) return unknownOf(a, b);
          return valuesEqual(a, b) ? 0 : 1;
        };
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const cmp = COMPARE[op];
        return (f) => {
          const a = l(f);
          const b = r(f);
          if (isNum(a) && isNum(b)) return cmp(a, b) ? 1 : 0;
          return comparePointers(f.x, a, b, cmp, op);
        };
      }
      default: {
        const fn = ARITH[op];
        if (!fn) {
          this.skip(n, `operator ${op} not interpreted`);
          return () => new Unknown(`operator ${op}`);
        }
        const text = this.text(n);
        return (f) => {
          const a = l(f);
          const b = r(f);
          if (isNum(a) && isNum(b)) return fn(f.x, a, b, text);
          if (a instanceof Unknown || b instanceof Unknown) return unknownOf(a, b);
          return fn(f.x, toNumber(f.x, a, text), toNumber(f.x, b, text), text);
        };
      }
    }
  }

  private unary(n: SyntaxNode, d: number): Expr {
    const op = n.children.find((k) => k.field === 'operator')?.type ?? '';
    const a = this.expr(child(n, 'argument')!, d, false);
    switch (op) {
      case '!':
        return (f) => {
          const v = a(f);
          if (typeof v === 'number') return v === 0 ? 1 : 0;
          if (v instanceof Unknown) return v;
          return v === null ? 1 : 0;
        };
      case '-':
        return (f) => {
          const v = a(f);
          return isNum(v) ? -v : v instanceof Unknown ? v : -toNumber(f.x, v, '-');
        };
      case '+':
        return a;
      case '~':
        return (f) => {
          const v = a(f);
          return isNum(v) ? ~v : v instanceof Unknown ? v : ~toNumber(f.x, v, '~');
        };
      default:
        this.skip(n, `unary ${op} not interpreted`);
        return () => new Unknown(`unary ${op}`);
    }
  }

  private pointerExpr(n: SyntaxNode, d: number, obj: boolean): Expr {
    const op = n.children.find((k) => k.field === 'operator')?.type;
    const argNode = child(n, 'argument')!;
    if (op === '*') {
      const loc = this.lvalue(n, d, obj);
      return (f) => {
        loc(f);
        return locBox[locKey] as Value;
      };
    }
    // Address-of: an object's address is the object; a scalar's is a reference to its box.
    const loc = this.lvalue(argNode, d, true);
    const label = this.text(argNode);
    return (f) => {
      loc(f);
      const v = locBox[locKey] as Value;
      if (v instanceof Struct) return v;
      if (v instanceof CArray) return new Ptr(v, 0);
      // An element of a C array: a pointer into it.
      if (locArr !== null && (locArr.items as unknown) === locBox) return new Ptr(locArr, locKey as number);
      return new Ref(locBox, locKey, label);
    };
  }

  private update(n: SyntaxNode, d: number): Expr {
    const opNode = n.children.find((k) => k.field === 'operator');
    const op = opNode?.type ?? '++';
    const argNode = child(n, 'argument')!;
    const prefix = !!opNode && opNode.start < argNode.start;
    const delta = op === '++' ? 1 : -1;
    const loc = this.lvalue(argNode, d, false);
    return (f) => {
      loc(f);
      const box = locBox;
      const key = locKey;
      const old = box[key] as Value;
      const next = isNum(old) ? old + delta : pointerAdd(f.x, old, delta, 1);
      box[key] = next;
      return prefix ? next : old;
    };
  }

  private assignment(n: SyntaxNode, d: number): Expr {
    const op = n.children.find((k) => k.field === 'operator')?.type ?? '=';
    const loc = this.lvalue(child(n, 'left')!, d, false);
    const r = this.expr(child(n, 'right')!, d, false);
    if (op === '=') {
      return (f) => {
        loc(f);
        const box = locBox;
        const key = locKey;
        const v = r(f);
        box[key] = v;
        return v;
      };
    }
    const binop = op.slice(0, -1);
    const text = this.text(n);
    const fn = ARITH[binop];
    return (f) => {
      loc(f);
      const box = locBox;
      const key = locKey;
      const a = box[key] as Value;
      const b = r(f);
      let v: Value;
      if (isNum(a) && isNum(b)) v = binop === '+' ? a + b : binop === '-' ? a - b : fn ? fn(f.x, a, b, text) : a;
      else if (a instanceof Unknown || b instanceof Unknown) v = unknownOf(a, b);
      else if (binop === '+' || binop === '-') v = binop === '+' ? pointerAdd(f.x, a, b, 1) : pointerSub(f.x, a, b);
      else v = fn ? fn(f.x, toNumber(f.x, a, text), toNumber(f.x, b, text), text) : a;
      box[key] = v;
      return v;
    };
  }

  // ---- calls -------------------------------------------------------------------------

  private call(n: SyntaxNode, d: number, obj: boolean): Expr {
    const fnNode = child(n, 'function')!;
    const argNodes = (child(n, 'arguments')?.children ?? []).filter((k) => k.type !== 'comment');
    const line = n.startRow + 1;
    if (fnNode.type === 'identifier') {
      const name = this.text(fnNode);
      if (this.lookup(name) < 0) {
        const special = this.specialForm(name, argNodes, d, obj, line);
        if (special) return special;
        const site: CallSite = { name, line, args: argNodes.map((a) => this.text(a)), objectContext: obj };
        const args = argNodes.map((a) => this.expr(a, d, false));
        if (this.program.hasFunction(name)) return this.localCall(name, args);
        const builtin = BUILTINS[name];
        if (builtin) return builtinCall(builtin, args, site);
        return unknownCall(name, args, site);
      }
    }
    // A call through a pointer: decided when it runs.
    const target = this.expr(fnNode, d, false);
    const args = argNodes.map((a) => this.expr(a, d, false));
    const site: CallSite = { name: this.text(fnNode), line, args: argNodes.map((a) => this.text(a)), objectContext: obj };
    const program = this.program;
    return (f) => {
      const t = target(f);
      const vals = args.map((a) => a(f));
      if (t instanceof FnRef) {
        const fn = program.fn(t.name);
        if (fn) return callCompiled(f.x, fn, vals);
        const b = BUILTINS[t.name];
        if (b) return b(f.x, vals, { ...site, name: t.name, costTable: undefined });
      }
      return lenientCall(f.x, site);
    };
  }

  private localCall(name: string, args: Expr[]): Expr {
    const program = this.program;
    let compiled: CompiledFunction | null = null;
    return (f) => {
      const vals = args.map((a) => a(f));
      compiled ??= program.fn(name);
      if (!compiled) return lenientCall(f.x, { name, line: f.x.line, args: [], objectContext: false });
      f.x.pendingNs += f.x.costs.localCallNs;
      return callCompiled(f.x, compiled, vals);
    };
  }

  /** Macros whose arguments are not plain values (lvalues, types) or that only annotate. */
  private specialForm(name: string, args: SyntaxNode[], d: number, obj: boolean, line: number): Expr | null {
    const e = (i: number, o = false) => (args[i] ? this.expr(args[i], d, o) : () => null);
    switch (name) {
      case 'likely':
      case 'unlikely': {
        const a = e(0);
        return (f) => boolOrUnknown(f, a(f));
      }
      case 'READ_ONCE':
      case 'data_race':
      case 'rcu_dereference':
      case 'rcu_dereference_protected':
      case 'rcu_dereference_check':
      case 'rcu_dereference_raw':
      case 'rcu_access_pointer':
      case 'srcu_dereference':
        return e(0, obj);
      case 'WRITE_ONCE':
      case 'rcu_assign_pointer':
      case 'RCU_INIT_POINTER': {
        if (!args[0]) return () => null;
        const loc = this.lvalue(args[0], d, false);
        const v = e(1);
        return (f) => {
          loc(f);
          const box = locBox;
          const key = locKey;
          box[key] = v(f);
          return null;
        };
      }
      case 'smp_load_acquire': {
        const p = e(0, true);
        const what = args[0] ? this.text(args[0]) : '';
        return (f) => {
          derefLoc(f.x, p(f), what, obj);
          return locBox[locKey] as Value;
        };
      }
      case 'smp_store_release': {
        const p = e(0, true);
        const v = e(1);
        const what = args[0] ? this.text(args[0]) : '';
        return (f) => {
          derefLoc(f.x, p(f), what, false);
          const box = locBox;
          const key = locKey;
          box[key] = v(f);
          return null;
        };
      }
      case 'ARRAY_SIZE': {
        const a = e(0, true);
        return (f) => {
          const v = a(f);
          return v instanceof CArray ? v.items.length : v instanceof Ptr ? v.arr.items.length : new Unknown('ARRAY_SIZE');
        };
      }
      case 'BUG_ON':
      case 'WARN_ON':
      case 'WARN_ON_ONCE':
      case 'WARN':
      case 'WARN_ONCE': {
        const c = args[0] ? this.cond(args[0], d) : () => false;
        const text = args[0] ? this.text(args[0]) : '';
        return (f) => {
          const hit = c(f);
          if (hit) {
            if (name === 'BUG_ON') f.x.abort('memory-safety', `BUG_ON(${text}) hit on line ${line}`);
            f.x.violate('lock-discipline', `${name}(${text}) hit on line ${line}`);
          }
          return hit ? 1 : 0;
        };
      }
      case 'BUILD_BUG_ON':
      case 'BUILD_BUG_ON_MSG':
      case 'static_assert':
        return () => 0;
      case 'min':
      case 'max':
      case 'min_t':
      case 'max_t': {
        const off = name.endsWith('_t') ? 1 : 0;
        const a = e(off);
        const b = e(off + 1);
        const isMin = name.startsWith('min');
        return (f) => {
          const x = a(f);
          const y = b(f);
          if (!isNum(x) || !isNum(y)) return unknownOf(x, y);
          return isMin ? Math.min(x, y) : Math.max(x, y);
        };
      }
      case 'clamp': {
        const v = e(0);
        const lo = e(1);
        const hi = e(2);
        return (f) => {
          const a = v(f);
          const l = lo(f);
          const h = hi(f);
          return isNum(a) && isNum(l) && isNum(h) ? Math.min(Math.max(a, l), h) : new Unknown('clamp');
        };
      }
      case 'container_of':
      case 'container_of_const':
      case 'list_entry':
      case 'hlist_entry': {
        const p = e(0, true);
        const typeText = args[1] ? this.text(args[1]).replace(/^struct\s+/, '') : 'unknown';
        return (f) => {
          const v = p(f);
          if (v instanceof Struct && v.parent) return v.parent;
          f.x.note('unknown-call', `${name}(${typeText}) without a known container`);
          return new Struct(typeText, true, `${name}(${typeText})`);
        };
      }
      case 'IS_ERR':
      case 'IS_ERR_OR_NULL':
      case 'PTR_ERR':
      case 'ERR_PTR':
      case 'ERR_CAST':
      case 'PTR_ERR_OR_ZERO':
        if (name === 'ERR_PTR') this.usesErrPtr = true;
        return null;
      default:
        return null;
    }
  }
}

// ---- run-time helpers -------------------------------------------------------------------------

function builtinCall(b: Builtin, args: Expr[], site: CallSite): Expr {
  switch (args.length) {
    case 0:
      return (f) => b(f.x, [], site);
    case 1: {
      const a0 = args[0];
      return (f) => b(f.x, [a0(f)], site);
    }
    case 2: {
      const [a0, a1] = args;
      return (f) => b(f.x, [a0(f), a1(f)], site);
    }
    default:
      return (f) => b(f.x, args.map((a) => a(f)), site);
  }
}

function unknownCall(name: string, args: Expr[], site: CallSite): Expr {
  return (f) => {
    for (const a of args) a(f);
    return lenientCall(f.x, site);
  };
}

/** The lenient default for a callee nobody modelled: it costs `unknownCallNs` and returns an object or an unknown value. */
export function lenientCall(x: Exec, site: CallSite): Value {
  x.note('unknown-call', site.name);
  const ns = x.costs.calls[site.name] ?? x.costs.unknownCallNs;
  x.pendingNs += ns;
  x.event('unknown', site.name, ns, 'not modelled');
  return site.objectContext ? new Struct('unknown', false, `${site.name}()`) : new Unknown(`${site.name}()`);
}

function missingField(x: Exec, s: Struct, name: string, obj: boolean): void {
  const origin = `${s.lenientOrigin ?? s.type}.${name}`;
  x.note('unknown-field', origin);
  if (obj) {
    const v = new Struct(name, s.shared, origin);
    v.parent = s;
    s.f[name] = v;
  } else {
    s.f[name] = new Unknown(origin);
  }
}

/** The struct a pointer-ish value designates, or an abort for NULL, ERR_PTR, freed objects. */
export function structOf(x: Exec, v: Value, what: string): Struct | Unknown {
  if (v instanceof Struct) {
    if (v.freed) x.abort('memory-safety', `use after free: ${what} reads an object freed earlier`);
    return v;
  }
  if (v instanceof Ptr) {
    const items = v.arr.items;
    if (v.index < 0 || v.index >= items.length) x.abort('memory-safety', `out-of-bounds access: ${what} (index ${v.index} of ${items.length})`);
    return structOf(x, items[v.index], what);
  }
  if (v === null || v === 0) x.abort('memory-safety', `NULL pointer dereference: ${what}`);
  if (v instanceof ErrPtr) x.abort('memory-safety', `dereference of ERR_PTR(${v.err}): ${what}`);
  if (v instanceof Unknown) return v;
  if (v instanceof Ref) {
    const t = v.box[v.key];
    if (t instanceof Struct) return t;
  }
  if (v instanceof CArray) return structOf(x, v.items[0] ?? null, what);
  x.abort('memory-safety', `${what}: ${describeValue(v)} is not a pointer to a struct`);
}

function elementLoc(x: Exec, base: Value, index: Value, what: string, obj: boolean): void {
  if (!isNum(index)) {
    if (index instanceof Unknown) {
      locBox = { v: obj ? new Struct('unknown', true, index.origin) : index };
      locKey = 'v';
      return;
    }
    index = toNumber(x, index, what);
  }
  let arr: CArray;
  let i = index;
  if (base instanceof CArray) arr = base;
  else if (base instanceof Ptr) {
    arr = base.arr;
    i += base.index;
  } else if (base instanceof Unknown || (base instanceof Struct && base.lenientOrigin)) {
    const origin = base instanceof Unknown ? base.origin : base.lenientOrigin!;
    locBox = { v: obj ? new Struct('unknown', true, `${origin}[]`) : new Unknown(`${origin}[]`) };
    locKey = 'v';
    return;
  } else if (base === null || base === 0) {
    x.abort('memory-safety', `NULL pointer dereference: ${what}`);
  } else {
    x.abort('memory-safety', `${what}: ${describeValue(base)} is not an array`);
  }
  if (i < 0 || i >= arr.items.length) x.abort('memory-safety', `out-of-bounds access: ${what} (index ${i} of ${arr.items.length})`);
  locArr = arr;
  locBox = arr.items as unknown as Record<number, Value>;
  locKey = i;
}

function derefLoc(x: Exec, p: Value, what: string, obj: boolean): void {
  if (p instanceof Ptr) return elementLoc(x, p.arr, p.index, what, obj);
  if (p instanceof Ref) {
    locBox = p.box;
    locKey = p.key;
    return;
  }
  if (p instanceof Struct || p instanceof CArray) {
    const s = structOf(x, p, what);
    locBox = { v: s };
    locKey = 'v';
    return;
  }
  if (p instanceof Unknown) {
    locBox = { v: obj ? new Struct('unknown', true, p.origin) : p };
    locKey = 'v';
    return;
  }
  if (p === null || p === 0) x.abort('memory-safety', `NULL pointer dereference: ${what}`);
  if (p instanceof ErrPtr) x.abort('memory-safety', `dereference of ERR_PTR(${p.err}): ${what}`);
  x.abort('memory-safety', `${what}: ${describeValue(p)} is not a pointer`);
}

function boolOrUnknown(f: Frame, v: Value): Value {
  if (typeof v === 'number') return v !== 0 ? 1 : 0;
  if (v instanceof Unknown) return v;
  return v !== null ? 1 : 0;
}

function unknownOf(a: Value, b: Value): Unknown {
  return a instanceof Unknown ? a : b instanceof Unknown ? b : new Unknown('operand');
}

function toNumber(x: Exec, v: Value, what: string): number {
  if (typeof v === 'number') return v;
  if (v === null) return 0;
  if (v instanceof ErrPtr) return v.err;
  x.note('not-interpreted', `${what}: arithmetic on ${describeValue(v)}`);
  return 0;
}

function toIndex(x: Exec, v: Value): number {
  const n = toNumber(x, v, 'array size');
  return n > 0 ? Math.floor(n) : 0;
}

function pointerAdd(x: Exec, a: Value, b: Value, sign: number): Value {
  if (a instanceof Unknown || b instanceof Unknown) return unknownOf(a, b);
  if ((a instanceof Ptr || a instanceof CArray) && isNum(b)) {
    const p = asArrayPtr(a);
    return new Ptr(p.arr, p.index + sign * b);
  }
  if (isNum(a) && (b instanceof Ptr || b instanceof CArray)) {
    const p = asArrayPtr(b);
    return new Ptr(p.arr, p.index + sign * a);
  }
  if (a instanceof Struct && isNum(b) && b === 0) return a;
  if (a instanceof CString && isNum(b)) return a;
  return toNumber(x, a, '+') + sign * toNumber(x, b, '+');
}

function pointerSub(x: Exec, a: Value, b: Value): Value {
  if ((a instanceof Ptr || a instanceof CArray) && (b instanceof Ptr || b instanceof CArray)) {
    const pa = asArrayPtr(a);
    const pb = asArrayPtr(b);
    if (pa.arr === pb.arr) return pa.index - pb.index;
    return new Unknown('difference of pointers into different arrays');
  }
  if (isNum(b)) return pointerAdd(x, a, -b, 1);
  return toNumber(x, a, '-') - toNumber(x, b, '-');
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function comparePointers(x: Exec, a: Value, b: Value, cmp: (a: number, b: number) => boolean, op: string): Value {
  if (a instanceof Unknown || b instanceof Unknown) return unknownOf(a, b);
  if ((a instanceof Ptr || a instanceof CArray) && (b instanceof Ptr || b instanceof CArray)) {
    const pa = asArrayPtr(a);
    const pb = asArrayPtr(b);
    if (pa.arr !== pb.arr) x.abort('memory-safety', `comparison ${op} of pointers into different arrays`);
    return cmp(pa.index, pb.index) ? 1 : 0;
  }
  return cmp(toNumber(x, a, op), toNumber(x, b, op)) ? 1 : 0;
}

/** Bitwise operations on C's 32-bit unsigned values stay non-negative when both operands are. */
function bitwise(r: number, a: number, b: number): number {
  return a >= 0 && b >= 0 ? r >>> 0 : r;
}

const ARITH: Record<string, (x: Exec, a: number, b: number, text: string) => number> = {
  '+': (_x, a, b) => a + b,
  '-': (_x, a, b) => a - b,
  '*': (_x, a, b) => a * b,
  '/': (x, a, b, text) => (b === 0 ? x.abort('memory-safety', `division by zero: ${text}`) : Math.trunc(a / b)),
  '%': (x, a, b, text) => (b === 0 ? x.abort('memory-safety', `division by zero: ${text}`) : a % b),
  '&': (_x, a, b) => bitwise(a & b, a, b),
  '|': (_x, a, b) => bitwise(a | b, a, b),
  '^': (_x, a, b) => bitwise(a ^ b, a, b),
  '<<': (_x, a, b) => a * 2 ** b,
  '>>': (_x, a, b) => (a >= 0 ? Math.floor(a / 2 ** b) : a >> b),
};

function castConversion(type: string): ((v: Value) => Value) | null {
  if (/^(?:bool|_Bool)$/.test(type)) return (v) => (typeof v === 'number' ? (v !== 0 ? 1 : 0) : v);
  if (/^(?:unsigned(?: int)?|u32|__u32|uint32_t)$/.test(type)) return (v) => (typeof v === 'number' ? v >>> 0 : v);
  if (/^(?:int|s32|__s32|int32_t|pid_t)$/.test(type)) return (v) => (typeof v === 'number' ? v | 0 : v);
  if (/^(?:u16|__u16|unsigned short)$/.test(type)) return (v) => (typeof v === 'number' ? v & 0xffff : v);
  if (/^(?:u8|__u8|unsigned char)$/.test(type)) return (v) => (typeof v === 'number' ? v & 0xff : v);
  if (type === 'void') return () => null;
  return null;
}

function parseNumber(text: string): number {
  const t = text.replace(/[uUlL]+$/, '').replace(/'/g, '');
  const neg = t.startsWith('-');
  const body = neg || t.startsWith('+') ? t.slice(1) : t;
  let v: number;
  if (/^0[xX]/.test(body)) v = parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) v = parseInt(body.slice(2), 2);
  else if (/^0[0-7]+$/.test(body)) v = parseInt(body, 8);
  else v = Number(body.replace(/[fF]$/, ''));
  if (!Number.isFinite(v)) v = 0;
  return neg ? -v : v;
}

function parseChar(text: string): number {
  const inner = text.slice(1, -1);
  if (!inner.startsWith('\\')) return inner.charCodeAt(0) || 0;
  const esc: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };
  const c = inner[1];
  if (c === 'x') return parseInt(inner.slice(2), 16) || 0;
  if (/[0-7]/.test(c)) return parseInt(inner.slice(1), 8) || 0;
  return esc[c] ?? c.charCodeAt(0);
}
