/**
 * Control-flow graph of one function, built from its copied syntax tree.
 *
 * Blocks hold events in evaluation order (calls, assignments, guard acquires and
 * the releases a guard's scope exit implies); conditions are lowered through
 * `&&`, `||`, `!`, `likely()`/`unlikely()` into branches on atomic conditions,
 * so the lock-state analysis can be path-sensitive on each atom.
 */
import { child, textOf, type SyntaxNode } from '../parsing/syntax';
import type { KernelShapes } from '../parsing/kernelShapes';
import type { FunctionSyntax } from '../parsing/functions';
import { guardClass, type GuardClass } from './lockCatalogue';
import { fromExpression, add, constant, type Linear } from './linear';
import { normalizeLock } from './lockNames';

export interface CallEvent {
  kind: 'call';
  name: string;
  node: SyntaxNode;
  args: SyntaxNode[];
  /** The variable the result is assigned to (`ret = mutex_lock_interruptible(...)`), normalised. */
  assignTo: string | null;
}

export interface AssignEvent {
  kind: 'assign';
  /** Normalised assigned expression (`p`, `ctx->locked`). */
  target: string;
  node: SyntaxNode;
}

export interface GuardEvent {
  kind: 'guard';
  op: 'acquire' | 'release';
  guard: GuardClass;
  /** The guard class name as written (`spinlock_irqsave`). */
  className: string;
  lock: string;
  /** The `guard(...)(...)` call or `scoped_guard` statement. */
  node: SyntaxNode;
  /** For a release: the scope's closing brace or the jump that leaves it. */
  at: SyntaxNode;
}

export type CfgEvent = CallEvent | AssignEvent | GuardEvent;

export interface Branch {
  /** The atomic condition (no `&&`, `||`, `!`, `likely`, `unlikely` at its top). */
  atom: SyntaxNode;
  onTrue: number;
  onFalse: number;
  /** From `likely()`/`unlikely()`: the value the atom has on the common path, if hinted. */
  expected: boolean | null;
  /** True when the atom is a loop's condition (its value follows the trip count). */
  loop: boolean;
  /** The atom is `scoped_guard`'s synthetic condition; true edge = acquired. */
  guard?: GuardEvent;
  /** An entry iterator's cursor (`e` of `hlist_for_each_entry(e, ..)`): not NULL on the true edge, in the body. */
  cursor?: string;
  /** For an `if`: whether the then- and else-side end in a jump (return, goto, break, continue). */
  thenExits: boolean;
  elseExits: boolean;
  /** The side ends in an error exit (`return -EINVAL`, `return ERR_PTR(..)`, a goto to an error label). */
  thenError: boolean;
  elseError: boolean;
}

export interface Block {
  id: number;
  events: CfgEvent[];
  /** Successors when not a branch (fall-through, switch dispatch, jump). */
  next: number[];
  branch: Branch | null;
  /** Set on the block that executes a `return` (its successor is the exit). */
  returnNode: SyntaxNode | null;
  /** The block ends the path without returning (`BUG()`, `panic()`). */
  noReturn: boolean;
  /** A label starting this block, for messages. */
  label: string | null;
}

export interface TripCount {
  /** Iterations as a linear form over the function's variables, or null when unknown. */
  formula: Linear | null;
  /** `list_for_each_entry` etc. */
  iterator: string | null;
}

export interface LoopInfo {
  node: SyntaxNode;
  header: number;
  bodyEntry: number;
  exit: number;
  trip: TripCount;
  isDo: boolean;
}

export interface Cfg {
  blocks: Block[];
  entry: number;
  exit: number;
  loops: LoopInfo[];
  /** Loop header block id → loop. */
  loopByHeader: Map<number, LoopInfo>;
  /** Nodes the builder could not understand (ERROR, unknown statements), for notes. */
  unknownNodes: SyntaxNode[];
  /** The builder gave up (nesting too deep); the graph is partial. */
  tooDeep: boolean;
  /** The function body: its closing brace stands for "falls off the end". */
  body: SyntaxNode;
  /** Locals declared as pointers: `p++` leaves a non-NULL pointer non-NULL. */
  pointers: Set<string>;
}

const NO_RETURN = new Set(['BUG', 'panic', 'do_exit', 'do_group_exit', 'kthread_exit', 'make_task_dead', '__builtin_unreachable', 'unreachable', 'machine_halt', 'emergency_restart']);

/** Nesting deeper than this is not analysed (recursion bound; reported as a note). */
export const MAX_NESTING = 400;

type ExitShape = { thenExits: boolean; elseExits: boolean; thenError: boolean; elseError: boolean; loop: boolean };

const NO_EXITS: ExitShape = { thenExits: false, elseExits: false, thenError: false, elseError: false, loop: false };
const LOOP_SHAPE: ExitShape = { ...NO_EXITS, loop: true };
/** Iterators over entries (`list_for_each_entry`, `hlist_nulls_for_each_entry_rcu`): the cursor is an element in the body. */
const ENTRY_ITERATOR = /_for_each_entry/;

interface Scope {
  key: number;
  guards: GuardEvent[];
}

interface JumpTarget {
  block: number;
  scopeDepth: number;
}

class Builder {
  readonly blocks: Block[] = [];
  readonly loops: LoopInfo[] = [];
  readonly unknownNodes: SyntaxNode[] = [];
  readonly exit: number;
  readonly deadEnd: number;
  private cur: number;
  private scopes: Scope[] = [];
  private breakTargets: JumpTarget[] = [];
  private continueTargets: JumpTarget[] = [];
  private labels = new Map<string, number>();
  /** Label name → keys of the scopes enclosing it (for guard cleanup on goto). */
  private labelScopes = new Map<string, number[]>();
  /** Label name → its labeled statement (to judge where a goto leads). */
  private labelNodes = new Map<string, SyntaxNode>();
  private errorLabelMemo = new Map<string, boolean>();
  tooDeep = false;
  /** Variables declared in the body so far (iterator macros assign the ones they are given). */
  private readonly locals = new Set<string>();
  readonly pointers = new Set<string>();

  constructor(private readonly code: string, private readonly shapes: KernelShapes) {
    this.cur = this.newBlock();
    this.exit = this.newBlock();
    this.deadEnd = this.newBlock();
    this.blocks[this.deadEnd].noReturn = true;
  }

  newBlock(): number {
    const id = this.blocks.length;
    this.blocks.push({ id, events: [], next: [], branch: null, returnNode: null, noReturn: false, label: null });
    return id;
  }

  text(n: SyntaxNode): string {
    return textOf(this.code, n);
  }

  /** Ends the current block with an edge to `to` and starts an unreachable one. */
  private jump(to: number): void {
    this.blocks[this.cur].next.push(to);
    this.cur = this.newBlock();
  }

  private flowTo(to: number): void {
    this.blocks[this.cur].next.push(to);
    this.cur = to;
  }

  build(body: SyntaxNode): number {
    const entry = this.cur;
    this.collectLabelScopes(body);
    this.statement(body, 0);
    // Falling off the end of the function returns.
    this.blocks[this.cur].returnNode ??= null;
    this.flowTo(this.exit);
    return entry;
  }

  /** Pre-pass: which compound statements enclose each label (iterative). */
  private collectLabelScopes(body: SyntaxNode): void {
    // Scopes as a linked chain, flattened only at labels (deep nesting stays linear).
    interface Chain { key: number; up: Chain | null }
    const stack: Array<{ node: SyntaxNode; scopes: Chain | null }> = [{ node: body, scopes: null }];
    while (stack.length) {
      const { node, scopes } = stack.pop()!;
      // Compound statements and scoped_guard statements open guard scopes (keyed by start offset).
      const opensScope = node.type === 'compound_statement' || node.type === 'if_statement' && this.shapes.scopedGuards.has(node.start);
      const inner = opensScope ? { key: node.start, up: scopes } : scopes;
      if (node.type === 'labeled_statement') {
        const l = child(node, 'label');
        if (l) {
          const keys: number[] = [];
          for (let c = inner; c; c = c.up) keys.push(c.key);
          this.labelScopes.set(this.text(l), keys.reverse());
          this.labelNodes.set(this.text(l), node);
        }
      }
      if (isExpressionLike(node.type)) continue;
      for (const c of node.children) stack.push({ node: c, scopes: inner });
    }
  }

  private labelBlock(name: string): number {
    let b = this.labels.get(name);
    if (b === undefined) {
      b = this.newBlock();
      this.blocks[b].label = name;
      this.labels.set(name, b);
    }
    return b;
  }

  /** Emits the releases of guards in scopes deeper than `depth`, innermost first. */
  private releaseScopes(depth: number, at: SyntaxNode, keep?: Set<number>): void {
    for (let i = this.scopes.length - 1; i >= depth; i--) {
      const s = this.scopes[i];
      if (keep?.has(s.key)) continue;
      for (let g = s.guards.length - 1; g >= 0; g--) {
        this.blocks[this.cur].events.push({ ...s.guards[g], op: 'release', at });
      }
    }
  }

  statement(node: SyntaxNode, depth: number): void {
    if (depth > MAX_NESTING) {
      this.tooDeep = true;
      return;
    }
    switch (node.type) {
      case 'compound_statement': {
        this.scopes.push({ key: node.start, guards: [] });
        for (const c of node.children) this.statement(c, depth + 1);
        this.releaseScopes(this.scopes.length - 1, node);
        this.scopes.pop();
        return;
      }
      case 'expression_statement':
        for (const c of node.children) this.expression(c, depth + 1);
        this.checkNoReturn(node);
        return;
      case 'declaration':
        this.declaration(node, depth);
        return;
      case 'if_statement':
        if (this.shapes.scopedGuards.has(node.start)) this.scopedGuard(node, depth);
        else this.ifStatement(node, depth);
        return;
      case 'while_statement':
        this.whileStatement(node, depth);
        return;
      case 'for_statement':
        this.forStatement(node, depth);
        return;
      case 'do_statement':
        this.doStatement(node, depth);
        return;
      case 'switch_statement':
        this.switchStatement(node, depth);
        return;
      case 'break_statement':
        this.leaveTo(this.breakTargets[this.breakTargets.length - 1], node);
        return;
      case 'continue_statement':
        this.leaveTo(this.continueTargets[this.continueTargets.length - 1], node);
        return;
      case 'return_statement': {
        for (const c of node.children) this.expression(c, depth + 1);
        this.releaseScopes(0, node);
        this.blocks[this.cur].returnNode = node;
        this.jump(this.exit);
        return;
      }
      case 'goto_statement': {
        const l = child(node, 'label');
        if (!l) return;
        const name = this.text(l);
        const keep = new Set(this.labelScopes.get(name) ?? []);
        this.releaseScopes(0, node, keep);
        this.jump(this.labelBlock(name));
        return;
      }
      case 'labeled_statement': {
        const l = child(node, 'label');
        const target = l ? this.labelBlock(this.text(l)) : this.newBlock();
        this.flowTo(target);
        for (const c of node.children) if (c.field !== 'label') this.statement(c, depth + 1);
        return;
      }
      case 'attributed_statement':
      case 'preproc_ifdef':
      case 'preproc_if':
      case 'preproc_else':
      case 'preproc_elif':
        for (const c of node.children) if (isStatementLike(c.type)) this.statement(c, depth + 1);
        return;
      case 'case_statement':
        // Only reached outside a switch body (malformed); analyse its statements.
        for (const c of node.children) if (c.field !== 'value') this.statement(c, depth + 1);
        return;
      case 'comment':
      case 'preproc_def':
      case 'preproc_function_def':
      case 'preproc_call':
      case 'preproc_include':
      case 'gnu_asm_expression':
      case 'type_definition':
      case 'struct_specifier':
      case 'union_specifier':
      case 'enum_specifier':
      case ';':
        return;
      case 'ERROR':
        this.unknownNodes.push(node);
        for (const c of node.children) {
          if (isStatementLike(c.type)) this.statement(c, depth + 1);
          else this.expression(c, depth + 1);
        }
        return;
      default:
        if (isStatementLike(node.type)) this.unknownNodes.push(node);
        this.expression(node, depth + 1);
    }
  }

  /** Does `stmt` end in an error exit: `return -E..`/`ERR_PTR(..)`/`NULL`/`false`, or a goto to an error label? */
  endsInErrorExit(stmt: SyntaxNode): boolean {
    const last = lastStatement(stmt);
    if (!last) return false;
    if (last.type === 'return_statement') return isErrorReturn(this.code, last);
    if (last.type === 'goto_statement') {
      const l = child(last, 'label');
      return !!l && this.isErrorLabel(this.text(l), 0);
    }
    if (last.type === 'expression_statement') {
      const call = last.children[0];
      const fn = call?.type === 'call_expression' ? child(call, 'function') : undefined;
      return !!fn && this.isNoReturn(this.text(fn));
    }
    return false;
  }

  /**
   * A label leads only to an error return when the statements from it on
   * (falling through later labels, following gotos) reach a return of an error value.
   */
  private isErrorLabel(name: string, hops: number): boolean {
    const memo = this.errorLabelMemo.get(name);
    if (memo !== undefined) return memo;
    if (hops > 8) return false;
    this.errorLabelMemo.set(name, false); // cycle guard (`retry:` loops)
    let verdict = false;
    let stmt: SyntaxNode | undefined = this.labelNodes.get(name);
    for (let steps = 0; stmt && steps < 400; steps++) {
      let s: SyntaxNode = stmt;
      while (s.type === 'labeled_statement') {
        const inner = s.children.find((c) => c.field !== 'label' && c.type !== 'comment');
        if (!inner) break;
        s = inner;
      }
      if (s.type === 'return_statement') {
        verdict = isErrorReturn(this.code, s);
        break;
      }
      if (s.type === 'goto_statement') {
        const l = child(s, 'label');
        verdict = !!l && this.isErrorLabel(this.text(l), hops + 1);
        break;
      }
      stmt = nextStatement(stmt);
    }
    this.errorLabelMemo.set(name, verdict);
    return verdict;
  }

  /** `break`/`continue`: release the guards of the scopes left, then jump (outside any loop: not understood). */
  private leaveTo(target: JumpTarget | undefined, node: SyntaxNode): void {
    if (!target) {
      this.unknownNodes.push(node);
      return;
    }
    this.releaseScopes(target.scopeDepth, node);
    this.jump(target.block);
  }

  /** A call that never returns: the kernel's own (`panic`) or one this file declares `__noreturn`. */
  private isNoReturn(name: string): boolean {
    return NO_RETURN.has(name) || this.shapes.noReturn.has(name);
  }

  private checkNoReturn(stmt: SyntaxNode): void {
    const e = stmt.children[0];
    if (e?.type !== 'call_expression') return;
    const fn = child(e, 'function');
    if (fn?.type === 'identifier' && this.isNoReturn(this.text(fn))) this.jump(this.deadEnd);
  }

  private declaration(node: SyntaxNode, depth: number): void {
    for (const d of node.children) {
      // Every declarator names a local, with a value (`int i = 0`, an init_declarator) or not (`int i`).
      const initialised = d.type === 'init_declarator';
      let name: SyntaxNode | undefined = initialised ? child(d, 'declarator') : d.field === 'declarator' ? d : undefined;
      let pointer = false;
      while (name && name.type !== 'identifier') {
        pointer ||= name.type === 'pointer_declarator';
        name = child(name, 'declarator');
      }
      if (name) this.locals.add(this.text(name));
      if (name && pointer) this.pointers.add(this.text(name));
      if (!initialised) continue;
      const value = child(d, 'value');
      if (value) this.expression(value, depth + 1, name ? this.text(name) : null);
      if (name) this.blocks[this.cur].events.push({ kind: 'assign', target: this.text(name), node: d });
    }
  }

  /**
   * Emits the events of an expression in evaluation order (iterative post-order).
   * `assignTo` names the variable receiving the value of a top-level call.
   */
  expression(root: SyntaxNode, depth: number, assignTo: string | null = null): void {
    if (depth > MAX_NESTING) {
      this.tooDeep = true;
      return;
    }
    const stack: Array<{ node: SyntaxNode; exit: boolean; assignTo: string | null }> = [{ node: root, exit: false, assignTo }];
    while (stack.length) {
      const item = stack.pop()!;
      const n = item.node;
      if (!item.exit) {
        if (n.type === 'call_expression' && this.guardCall(n)) continue;
        if (n.type === 'compound_statement') {
          // GNU statement expression `({ ... })`.
          this.statement(n, depth + 1);
          continue;
        }
        stack.push({ node: n, exit: true, assignTo: item.assignTo });
        let childAssign: string | null = null;
        if (n.type === 'assignment_expression') {
          const left = child(n, 'left');
          const op = child(n, 'operator');
          if (left && op && this.text(op) === '=') childAssign = normalizeLock(this.text(left));
        }
        for (let i = n.children.length - 1; i >= 0; i--) {
          const c = n.children[i];
          if (c.type === 'comment') continue;
          const passDown = c.field === 'right' && childAssign !== null ? childAssign
            : (n.type === 'parenthesized_expression' || n.type === 'cast_expression') ? item.assignTo : null;
          stack.push({ node: c, exit: false, assignTo: passDown });
        }
        continue;
      }
      const events = this.blocks[this.cur].events;
      if (n.type === 'call_expression') {
        const fn = child(n, 'function');
        const argsNode = child(n, 'arguments');
        const args = argsNode ? argsNode.children.filter((c) => c.type !== 'comment') : [];
        const name = fn && fn.type === 'identifier' ? this.text(fn) : fn ? this.text(fn).replace(/\s+/g, '') : '';
        events.push({ kind: 'call', name, node: n, args, assignTo: item.assignTo });
      } else if (n.type === 'assignment_expression') {
        const left = child(n, 'left');
        if (left) events.push({ kind: 'assign', target: normalizeLock(this.text(left)), node: n });
      } else if (n.type === 'update_expression') {
        const arg = steppedOperand(n);
        if (arg) events.push({ kind: 'assign', target: normalizeLock(this.text(arg)), node: n });
      }
    }
  }

  /** `guard(class)(&lock)`: an acquire held until the enclosing scope ends. */
  private guardCall(n: SyntaxNode): boolean {
    const fn = child(n, 'function');
    if (!fn || fn.type !== 'call_expression') return false;
    const inner = child(fn, 'function');
    if (!inner || this.text(inner) !== 'guard') return false;
    const classArg = child(fn, 'arguments')?.children[0];
    const className = classArg ? this.text(classArg).trim() : '';
    const gc = guardClass(className);
    if (!gc) {
      this.unknownNodes.push(n);
      return true;
    }
    const lockArg = child(n, 'arguments')?.children.find((c) => c.type !== 'comment');
    const lockText = lockArg ? normalizeLock(this.text(lockArg)) : '';
    if (!gc.pseudo && !isNameableLock(lockText)) {
      this.unknownNodes.push(n);
      return true;
    }
    const lock = gc.pseudo ?? lockText;
    const ev: GuardEvent = { kind: 'guard', op: 'acquire', guard: gc, className, lock, node: n, at: n };
    this.blocks[this.cur].events.push(ev);
    this.scopes[this.scopes.length - 1]?.guards.push(ev);
    return true;
  }

  /** `scoped_guard(class, &lock) body` (rewritten to `if (class, &lock) body`). */
  private scopedGuard(node: SyntaxNode, depth: number): void {
    const cond = child(node, 'condition');
    const inner = cond?.children[0];
    const parts = inner?.type === 'comma_expression' ? flattenComma(inner) : inner ? [inner] : [];
    const macro = this.shapes.scopedGuards.get(node.start)?.macro ?? 'scoped_guard';
    const className = parts[0] ? this.text(parts[0]).trim() : '';
    const lockNode = macro === 'scoped_cond_guard' ? parts[2] : parts[1];
    const gc = guardClass(className);
    const body = child(node, 'consequence');
    if (!gc || !body) {
      this.unknownNodes.push(node);
      if (body) this.statement(body, depth + 1);
      return;
    }
    const lockText = lockNode ? normalizeLock(this.text(lockNode)) : '';
    if (!gc.pseudo && !isNameableLock(lockText)) {
      this.unknownNodes.push(node);
      this.statement(body, depth + 1);
      return;
    }
    const lock = gc.pseudo ?? lockText;
    const ev: GuardEvent = { kind: 'guard', op: 'acquire', guard: gc, className, lock, node, at: node };
    const conditional = gc.conditional || macro === 'scoped_cond_guard';
    const after = this.newBlock();
    if (conditional) {
      const bodyBlock = this.newBlock();
      this.blocks[this.cur].branch = {
        ...NO_EXITS, atom: node, onTrue: bodyBlock, onFalse: after, expected: true, guard: ev,
      };
      this.cur = bodyBlock;
    } else {
      this.blocks[this.cur].events.push(ev);
    }
    this.scopes.push({ key: node.start, guards: [ev] });
    if (conditional) this.blocks[this.cur].events.push({ ...ev, op: 'acquire' });
    this.statement(body, depth + 1);
    this.releaseScopes(this.scopes.length - 1, body);
    this.scopes.pop();
    this.flowTo(after);
  }

  /**
   * Lowers a condition into branches on atoms. `expected` is the value the whole
   * condition has on the common path when `likely`/`unlikely` says so.
   */
  condition(
    node: SyntaxNode,
    onTrue: number,
    onFalse: number,
    expected: boolean | null,
    depth: number,
    shape: ExitShape,
  ): void {
    if (depth > MAX_NESTING) {
      this.tooDeep = true;
      this.blocks[this.cur].next.push(onTrue, onFalse);
      return;
    }
    const n = unwrapParens(node);
    if (n.type === 'unary_expression' && this.opText(n) === '!') {
      const arg = child(n, 'argument');
      if (arg) {
        this.condition(arg, onFalse, onTrue, expected === null ? null : !expected, depth + 1, {
          ...shape, thenExits: shape.elseExits, elseExits: shape.thenExits, thenError: shape.elseError, elseError: shape.thenError,
        });
        return;
      }
    }
    if (n.type === 'call_expression') {
      const fn = child(n, 'function');
      const name = fn ? this.text(fn) : '';
      const arg = child(n, 'arguments')?.children.filter((c) => c.type !== 'comment');
      if ((name === 'likely' || name === 'unlikely') && arg?.length === 1) {
        this.condition(arg[0], onTrue, onFalse, name === 'likely', depth + 1, shape);
        return;
      }
    }
    if (n.type === 'binary_expression') {
      const op = this.opText(n);
      const l = child(n, 'left');
      const r = child(n, 'right');
      if ((op === '&&' || op === '||') && l && r) {
        const mid = this.newBlock();
        if (op === '&&') {
          this.condition(l, mid, onFalse, expected === true ? true : expected === false ? false : null, depth + 1, shape);
          this.cur = mid;
          this.condition(r, onTrue, onFalse, expected === true ? true : null, depth + 1, shape);
        } else {
          this.condition(l, onTrue, mid, expected === false ? false : expected === true ? true : null, depth + 1, shape);
          this.cur = mid;
          this.condition(r, onTrue, onFalse, expected === false ? false : null, depth + 1, shape);
        }
        return;
      }
    }
    // An atom: its calls run, then the branch.
    this.expression(n, depth + 1);
    this.blocks[this.cur].branch = {
      atom: n, onTrue, onFalse, expected, loop: shape.loop,
      thenExits: shape.thenExits, elseExits: shape.elseExits, thenError: shape.thenError, elseError: shape.elseError,
    };
  }

  private opText(n: SyntaxNode): string {
    const op = child(n, 'operator');
    return op ? this.text(op) : '';
  }

  private ifStatement(node: SyntaxNode, depth: number): void {
    const cond = child(node, 'condition');
    const cons = child(node, 'consequence');
    const altClause = child(node, 'alternative');
    const alt = altClause?.type === 'else_clause' ? altClause.children.find((c) => isStatementLike(c.type)) : altClause;
    const thenBlock = this.newBlock();
    const after = this.newBlock();
    const elseBlock = alt ? this.newBlock() : after;
    const shape: ExitShape = {
      thenExits: !!cons && endsInJump(cons), elseExits: !!alt && endsInJump(alt),
      thenError: !!cons && this.endsInErrorExit(cons), elseError: !!alt && this.endsInErrorExit(alt), loop: false,
    };
    // Double-checked initialisation: the common call finds it done and skips the locked block.
    const expected = cond && cons && !alt && isDoubleChecked(cond, cons, this.code) ? false : null;
    if (cond) this.condition(cond, thenBlock, elseBlock, expected, depth + 1, shape);
    else this.blocks[this.cur].next.push(thenBlock, elseBlock);
    this.cur = thenBlock;
    if (cons) this.statement(cons, depth + 1);
    this.flowTo(after);
    if (alt) {
      this.cur = elseBlock;
      this.statement(alt, depth + 1);
      this.flowTo(after);
    }
    this.cur = after;
  }

  private loopBody(body: SyntaxNode | undefined, breakTo: number, continueTo: number, depth: number): void {
    this.breakTargets.push({ block: breakTo, scopeDepth: this.scopes.length });
    this.continueTargets.push({ block: continueTo, scopeDepth: this.scopes.length });
    if (body) this.statement(body, depth + 1);
    this.breakTargets.pop();
    this.continueTargets.pop();
  }

  private whileStatement(node: SyntaxNode, depth: number): void {
    const iterator = this.shapes.iterators.get(node.start)?.name ?? null;
    const cond = child(node, 'condition');
    const header = this.newBlock();
    const bodyEntry = this.newBlock();
    const exit = this.newBlock();
    this.flowTo(header);
    if (iterator) {
      // The macro's first argument is the cursor: reassigned every iteration. So is any other
      // local it is given by name (`idr_for_each_entry(idr, entry, id)`: entry and id).
      const inner = cond?.children[0];
      const parts = inner?.type === 'comma_expression' ? flattenComma(inner) : inner ? [inner] : [];
      for (const p of parts.slice(1)) this.expression(p, depth + 1);
      parts.forEach((p, i) => {
        if (i === 0 || (p.type === 'identifier' && this.locals.has(this.text(p)))) {
          this.blocks[this.cur].events.push({ kind: 'assign', target: normalizeLock(this.text(p)), node: p });
        }
      });
      const cursor = ENTRY_ITERATOR.test(iterator) && parts[0]?.type === 'identifier' ? this.text(parts[0]) : undefined;
      this.blocks[this.cur].branch = { ...LOOP_SHAPE, atom: cond ?? node, onTrue: bodyEntry, onFalse: exit, expected: null, ...(cursor ? { cursor } : {}) };
    } else if (cond && !isConstantTrue(this.text(cond))) {
      this.condition(cond, bodyEntry, exit, null, depth + 1, LOOP_SHAPE);
    } else {
      this.blocks[this.cur].next.push(bodyEntry);
    }
    const trip: TripCount = { formula: null, iterator };
    this.loops.push({ node, header, bodyEntry, exit, trip, isDo: false });
    this.cur = bodyEntry;
    this.loopBody(child(node, 'body'), exit, header, depth);
    this.flowTo(header);
    this.cur = exit;
  }

  private forStatement(node: SyntaxNode, depth: number): void {
    const init = child(node, 'initializer');
    const cond = child(node, 'condition');
    const update = child(node, 'update');
    const body = child(node, 'body');
    if (init) {
      if (init.type === 'declaration') this.declaration(init, depth + 1);
      else this.expression(init, depth + 1);
    }
    const header = this.newBlock();
    const bodyEntry = this.newBlock();
    const updateBlock = this.newBlock();
    const exit = this.newBlock();
    this.flowTo(header);
    if (cond && !isConstantTrue(this.text(cond))) {
      this.condition(cond, bodyEntry, exit, null, depth + 1, LOOP_SHAPE);
    } else {
      this.blocks[this.cur].next.push(bodyEntry);
    }
    const trip: TripCount = { formula: forTripCount(this.code, init, cond, update, body), iterator: null };
    this.loops.push({ node, header, bodyEntry, exit, trip, isDo: false });
    this.cur = bodyEntry;
    this.loopBody(body, exit, updateBlock, depth);
    this.flowTo(updateBlock);
    if (update) this.expression(update, depth + 1);
    this.flowTo(header);
    this.cur = exit;
  }

  private doStatement(node: SyntaxNode, depth: number): void {
    const header = this.newBlock();
    const condBlock = this.newBlock();
    const exit = this.newBlock();
    this.flowTo(header);
    const bodyEntry = header;
    this.loops.push({ node, header, bodyEntry, exit, trip: { formula: constant(1), iterator: null }, isDo: true });
    this.loopBody(child(node, 'body'), exit, condBlock, depth);
    this.flowTo(condBlock);
    const cond = child(node, 'condition');
    // `do { } while (0)` is a block, not a loop: the back edge never runs.
    if (cond && /^\(\s*0\s*\)$/.test(this.text(cond))) this.blocks[this.cur].next.push(exit);
    else if (cond) this.condition(cond, header, exit, null, depth + 1, LOOP_SHAPE);
    else this.blocks[this.cur].next.push(header, exit);
    this.cur = exit;
  }

  private switchStatement(node: SyntaxNode, depth: number): void {
    const cond = child(node, 'condition');
    if (cond) this.expression(cond, depth + 1);
    const dispatch = this.cur;
    const exit = this.newBlock();
    const body = child(node, 'body');
    let hasDefault = false;
    this.cur = this.newBlock(); // unreachable until the first case
    this.breakTargets.push({ block: exit, scopeDepth: this.scopes.length });
    this.scopes.push({ key: body?.start ?? node.start, guards: [] });
    for (const c of body?.children ?? []) {
      if (c.type === 'case_statement') {
        const caseBlock = this.newBlock();
        this.flowTo(caseBlock); // fall-through from the previous case
        this.blocks[dispatch].next.push(caseBlock);
        if (!child(c, 'value')) hasDefault = true;
        for (const s of c.children) if (s.field !== 'value') this.statement(s, depth + 1);
      } else {
        this.statement(c, depth + 1);
      }
    }
    this.releaseScopes(this.scopes.length - 1, body ?? node);
    this.scopes.pop();
    this.breakTargets.pop();
    this.flowTo(exit);
    if (!hasDefault) this.blocks[dispatch].next.push(exit);
  }
}

export function unwrapParens(n: SyntaxNode): SyntaxNode {
  while (n.type === 'parenthesized_expression' && n.children.length === 1) n = n.children[0];
  return n;
}

function flattenComma(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.type === 'comma_expression') {
      const r = child(x, 'right');
      const l = child(x, 'left');
      if (r) stack.push(r);
      if (l) stack.push(l);
    } else out.push(x);
  }
  return out;
}

function isConstantTrue(condText: string): boolean {
  return /^\(?\s*(1|true)\s*\)?$/.test(condText.trim());
}

const STATEMENT_TYPES = new Set([
  'compound_statement', 'expression_statement', 'declaration', 'if_statement', 'while_statement', 'for_statement',
  'do_statement', 'switch_statement', 'break_statement', 'continue_statement', 'return_statement', 'goto_statement',
  'labeled_statement', 'case_statement', 'attributed_statement', 'preproc_ifdef', 'preproc_if', 'preproc_else',
  'preproc_elif', 'preproc_def', 'preproc_function_def', 'preproc_call', 'ERROR', 'comment', 'type_definition',
]);

function isStatementLike(type: string): boolean {
  return STATEMENT_TYPES.has(type);
}

function isExpressionLike(type: string): boolean {
  return type.endsWith('_expression') || type === 'argument_list' || type === 'identifier';
}

/** Lock expressions longer than this are not named (a pathological argument, not a lock). */
const MAX_LOCK_NAME = 160;

/** A lock expression the engine can name and compare. */
export function isNameableLock(lock: string): boolean {
  return lock.length > 0 && lock.length <= MAX_LOCK_NAME;
}

/** The last statement a statement runs (through blocks and labels), or undefined. */
function lastStatement(stmt: SyntaxNode): SyntaxNode | undefined {
  let s: SyntaxNode | undefined = stmt;
  for (let guard = 0; s && guard < 10_000; guard++) {
    if (s.type === 'compound_statement') {
      const stmts: SyntaxNode[] = s.children.filter((c) => c.type !== 'comment');
      s = stmts[stmts.length - 1];
    } else if (s.type === 'labeled_statement') {
      s = s.children.find((c) => c.field !== 'label' && c.type !== 'comment');
    } else return s;
  }
  return undefined;
}

/** The statement after `stmt` in its block (walking out of nested blocks), or undefined. */
function nextStatement(stmt: SyntaxNode): SyntaxNode | undefined {
  let s: SyntaxNode | undefined = stmt;
  while (s && s.parent) {
    const siblings = s.parent.children;
    const i = siblings.indexOf(s);
    for (let j = i + 1; j < siblings.length; j++) if (isStatementLike(siblings[j].type) && siblings[j].type !== 'comment') return siblings[j];
    if (s.parent.type !== 'compound_statement' && s.parent.type !== 'labeled_statement') return undefined;
    s = s.parent;
    if (s.parent && s.parent.type === 'function_definition') return undefined;
  }
  return undefined;
}

/** `return -EINVAL;`, `return ERR_PTR(..)`, `return NULL;`, `return false;`, `return err;` (when the name says error). */
export function isErrorReturn(code: string, ret: SyntaxNode): boolean {
  const value = ret.children.find((c) => c.type !== 'comment' && c.type !== ';' && c.type !== 'return');
  if (!value) return false;
  const t = code.slice(value.start, value.end).replace(/\s+/g, '');
  if (/^\(?-E[A-Z0-9]+\)?$/.test(t) || /^ERR_PTR\(/.test(t) || /^ERR_CAST\(/.test(t) || t === 'NULL' || t === 'false') return true;
  if (/^\(?-\d+\)?$/.test(t)) return true;
  return /^(err|error)$/.test(t);
}

/**
 * `if (!(flags & INITED)) { guard(mutex)(&m); if (ops->flags & INITED) return; ... }`:
 * a block that takes a lock and then tests the outer condition again, the double-checked
 * initialisation idiom (the re-test may also wrap the rest: `if (!x->ready) { ... }`).
 */
export function isDoubleChecked(cond: SyntaxNode, cons: SyntaxNode, code: string): boolean {
  if (cons.type !== 'compound_statement') return false;
  const outer = testedNames(cond, code);
  if (outer === null) return false;
  const stmts = cons.children.filter((c) => c.type !== 'comment');
  const locked = stmts.findIndex((st, i) => i < 3 && TAKES_LOCK.test(code.slice(st.start, st.end)));
  if (locked < 0) return false;
  return stmts.slice(locked + 1, locked + 3).some((st) => {
    const inner = st.type === 'if_statement' ? child(st, 'condition') : undefined;
    const names = inner ? testedNames(inner, code) : null;
    return names !== null && names.length === outer.length && names.every((n, i) => n === outer[i]);
  });
}

const TAKES_LOCK = /^\s*(guard\s*\(|scoped_guard\s*\(|\w*(spin_lock|mutex_lock|down_write|down_read|write_lock|read_lock)\w*\s*\()/;
const TEST_WRAPPERS = new Set(['likely', 'unlikely', 'READ_ONCE', 'smp_load_acquire', 'data_race', 'test_bit']);

/**
 * The names a condition tests, each operand by its last name (`ops->flags & INITED` and
 * `flags & INITED` both give flags, INITED), sorted; null when it calls anything else.
 */
function testedNames(cond: SyntaxNode, code: string): string[] | null {
  const text = code.slice(cond.start, cond.end);
  const calls = [...text.matchAll(/([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]);
  if (calls.some((c) => !TEST_WRAPPERS.has(c))) return null;
  const names = new Set<string>();
  for (const m of text.matchAll(/(->|\.)?\s*([A-Za-z_]\w*)\b(?!\s*(\(|->|\.))/g)) if (!TEST_WRAPPERS.has(m[2])) names.add(m[2]);
  return names.size ? [...names].sort() : null;
}

/** Does this statement always end in a jump (return, goto, break, continue, or a no-return call)? */
export function endsInJump(stmt: SyntaxNode): boolean {
  let s: SyntaxNode | undefined = stmt;
  for (let guard = 0; s && guard < 10_000; guard++) {
    switch (s.type) {
      case 'return_statement':
      case 'goto_statement':
      case 'break_statement':
      case 'continue_statement':
        return true;
      case 'compound_statement': {
        const stmts: SyntaxNode[] = s.children.filter((c) => c.type !== "comment");
        s = stmts[stmts.length - 1];
        continue;
      }
      case 'if_statement': {
        const cons = child(s, 'consequence');
        const alt = child(s, 'alternative');
        const altStmt = alt?.type === 'else_clause' ? alt.children.find((c) => isStatementLike(c.type)) : alt;
        return !!cons && !!altStmt && endsInJump(cons) && endsInJump(altStmt);
      }
      case 'labeled_statement':
        s = s.children.find((c) => c.field !== 'label');
        continue;
      default:
        return false;
    }
  }
  return false;
}

/**
 * Trip count of `for (v = E; v OP B; v++/v--)`, or of the post-patch shape
 * `for (tmp = ns, i = ns->level; i >= 0;)` whose body ends with `i--`.
 */
function forTripCount(
  code: string,
  init: SyntaxNode | undefined,
  cond: SyntaxNode | undefined,
  update: SyntaxNode | undefined,
  body: SyntaxNode | undefined,
): Linear | null {
  if (!cond) return null;
  const c = unwrapParens(cond);
  if (c.type !== 'binary_expression') return null;
  const opNode = child(c, 'operator');
  const l = child(c, 'left');
  const r = child(c, 'right');
  if (!opNode || !l || !r) return null;
  let op = code.slice(opNode.start, opNode.end);
  let varNode = l;
  let boundNode = r;
  const flip: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '!=': '!=' };
  const norm = (n: SyntaxNode) => code.slice(n.start, n.end).replace(/\s+/g, '');
  const initValue = (name: string) => (init ? findAssignedValue(code, init, name) : null);
  if (!initValue(norm(l)) && initValue(norm(r)) && flip[op]) {
    varNode = r;
    boundNode = l;
    op = flip[op];
  }
  const v = norm(varNode);
  const start = initValue(v);
  if (!start) return null;
  const step = stepOf(code, update, v) ?? stepOf(code, body ? lastStatementsUpdate(body) : undefined, v);
  if (!step) return null;
  const E = fromExpression(code, start);
  const B = fromExpression(code, boundNode);
  if (step > 0) {
    if (op === '<' || op === '!=') return add(B, E, -1);
    if (op === '<=') return add(add(B, E, -1), constant(1));
  } else {
    if (op === '>=') return add(add(E, B, -1), constant(1));
    if (op === '>' || op === '!=') return add(E, B, -1);
  }
  return null;
}

function findAssignedValue(code: string, init: SyntaxNode, name: string): SyntaxNode | null {
  const stack = [init];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'assignment_expression') {
      const left = child(n, 'left');
      if (left && code.slice(left.start, left.end).replace(/\s+/g, '') === name) return child(n, 'right') ?? null;
    }
    if (n.type === 'init_declarator') {
      const d = child(n, 'declarator');
      if (d && code.slice(d.start, d.end).trim() === name) return child(n, 'value') ?? null;
    }
    for (const c of n.children) stack.push(c);
  }
  return null;
}

/** +1 / -1 when `node` increments/decrements `v` (`v++`, `--v`, `v += 1`), else null. */
function stepOf(code: string, node: SyntaxNode | undefined, v: string): number | null {
  if (!node) return null;
  const t = code.slice(node.start, node.end).replace(/\s+/g, '');
  if (t === `${v}++` || t === `++${v}` || t === `${v}+=1`) return 1;
  if (t === `${v}--` || t === `--${v}` || t === `${v}-=1`) return -1;
  if (node.type === 'comma_expression') {
    for (const c of node.children) {
      const s = stepOf(code, c, v);
      if (s) return s;
    }
  }
  return null;
}

/** The update expression of a body whose top level contains `i--;` (the step moved into the body). */
function lastStatementsUpdate(body: SyntaxNode): SyntaxNode | undefined {
  if (body.type !== 'compound_statement') return undefined;
  for (let i = body.children.length - 1; i >= 0; i--) {
    const s = body.children[i];
    if (s.type === 'expression_statement' && s.children[0]?.type === 'update_expression') return s.children[0];
  }
  return undefined;
}

/** The blocks control can reach next from a block (none after a no-return call). */
export function successors(cfg: Cfg, id: number): number[] {
  const b = cfg.blocks[id];
  if (b.noReturn) return [];
  return b.branch ? [...b.next, b.branch.onTrue, b.branch.onFalse] : b.next;
}

/** Builds the control-flow graph of a function. */
export function buildCfg(fn: FunctionSyntax, shapes: KernelShapes): Cfg {
  const b = new Builder(fn.code, shapes);
  const entry = b.build(fn.body);
  const loopByHeader = new Map<number, LoopInfo>();
  for (const l of b.loops) loopByHeader.set(l.header, l);
  return { blocks: b.blocks, entry, exit: b.exit, loops: b.loops, loopByHeader, unknownNodes: b.unknownNodes, tooDeep: b.tooDeep, body: fn.body, pointers: b.pointers };
}

/** The expression a `return` statement returns (parentheses removed), or undefined (`return;`, the closing brace). */
export function returnedExpression(ret: SyntaxNode): SyntaxNode | undefined {
  if (ret.type !== 'return_statement') return undefined;
  const value = ret.children.find((c) => c.type !== 'return' && c.type !== ';' && c.type !== 'comment');
  return value ? unwrapParens(value) : undefined;
}

/** The variable a `return x;` (or `return (x);`) returns, or null for any other return or the closing brace. */
export function returnedVariable(ret: SyntaxNode, code: string): string | null {
  const u = returnedExpression(ret);
  return u?.type === 'identifier' ? code.slice(u.start, u.end) : null;
}

/**
 * What `x++` steps. tree-sitter-c reads `!p++` as `(!p)++`; C means `!(p++)`,
 * so the operand under a leading `!` is what changes.
 */
export function steppedOperand(update: SyntaxNode): SyntaxNode | undefined {
  const arg = child(update, 'argument');
  if (arg?.type === 'unary_expression' && arg.children[0]?.type === '!') return child(arg, 'argument');
  return arg;
}
