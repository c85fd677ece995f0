/**
 * File-scope mode counts that change what a callee does: `oops_in_progress`,
 * raised by `bust_spinlocks(1)` before a panic disables interrupts, makes the
 * console paths take a trylock instead of sleeping on the console semaphore.
 * A function raises a count (`++oops_in_progress`, always or when one of its
 * parameters is true); a callee sleeps only while a count is zero; a caller
 * that raised it before the call does not sleep there.
 */
import { child, textOf, walk, type SyntaxNode } from '../parsing/syntax';

/**
 * A global a function writes, and when it leaves it non-zero: on every path (`null`), when the
 * parameter `whenParam` is true (`bust_locks(int on)`), or not known to (RAISED_NEVER: a caller
 * forgets what it knew of the count).
 */
export interface ModeRaise {
  global: string;
  whenParam: string | null;
}

export const RAISED_NEVER = '';

/** Kernel functions that raise a mode count when their argument at `arg` is non-zero (lib/bust_spinlocks.c). */
const RAISERS = new Map<string, { global: string; arg: number }>([
  ['bust_spinlocks', { global: 'oops_in_progress', arg: 0 }],
]);

/** The mode counts a call to a catalogued raiser leaves non-zero, given its argument texts. */
export function catalogueRaises(name: string, args: string[]): string[] {
  const r = RAISERS.get(name);
  return r && isNonZeroLiteral(args[r.arg] ?? '') ? [r.global] : [];
}

/** `++n`, `n++`, `n += 2`, `n = 1`: the expression leaves its target non-zero (a count starts at zero or above). */
export function raisesCount(node: SyntaxNode, code: string): boolean {
  if (node.type === 'update_expression') return /^\+\+|\+\+$/.test(textOf(code, node).trim());
  if (node.type !== 'assignment_expression') return false;
  const op = child(node, 'operator');
  const right = child(node, 'right');
  if (!op || !right) return false;
  const o = textOf(code, op);
  return (o === '+=' || o === '=') && isNonZeroLiteral(textOf(code, right));
}

/** `1`, `2u`, `true`: an argument or value known non-zero as written. */
export function isNonZeroLiteral(text: string): boolean {
  const t = text.trim();
  return t === 'true' || /^[1-9]\d*[uUlL]*$/.test(t);
}

/**
 * The globals a body writes, and which it raises as a statement of its own, at its top level
 * (always) or as the whole then-side of `if (param)` (`if (on) ++oops_in_progress; else
 * --oops_in_progress;`), writing them nowhere else (outside that `if`). Read from the syntax:
 * such a function is often too small to be analysed as a whole.
 */
export function raisedGlobals(body: SyntaxNode, code: string, params: string[], isGlobal: (name: string) => boolean): ModeRaise[] {
  const inBody = countWrites(body, code);
  const out: ModeRaise[] = [...inBody.keys()].filter(isGlobal).map((global) => ({ global, whenParam: RAISED_NEVER }));
  const raisedBy = (stmt: SyntaxNode | undefined): string | null => {
    const s = stmt?.type === 'compound_statement' && stmt.children.filter((c) => c.type !== 'comment').length === 1
      ? stmt.children.find((c) => c.type !== 'comment') : stmt;
    const e = s?.type === 'expression_statement' ? s.children[0] : undefined;
    if (!e || !raisesCount(e, code)) return null;
    const name = writtenName(e, code);
    return name !== null && isGlobal(name) ? name : null;
  };
  const raise = (global: string, whenParam: string | null) => {
    const r = out.find((x) => x.global === global);
    if (r) r.whenParam = whenParam;
  };
  for (const stmt of body.children) {
    const always = raisedBy(stmt);
    if (always !== null && inBody.get(always) === 1) raise(always, null);
    if (stmt.type !== 'if_statement') continue;
    const cond = child(stmt, 'condition');
    const param = cond ? textOf(code, cond).replace(/^\(\s*|\s*\)$/g, '') : '';
    const raised = params.includes(param) ? raisedBy(child(stmt, 'consequence')) : null;
    if (raised !== null && inBody.get(raised) === countWrites(stmt, code).get(raised)) raise(raised, param);
  }
  // The raises first: past the cap only what is forgotten is lost.
  return [...out.filter((r) => r.whenParam !== RAISED_NEVER), ...out.filter((r) => r.whenParam === RAISED_NEVER)].slice(0, 16);
}

/** How often each plain name is updated or assigned within a node (`--oops_in_progress`, `mode = 0`). */
function countWrites(within: SyntaxNode, code: string): Map<string, number> {
  const out = new Map<string, number>();
  walk(within, (x) => {
    if (x.type !== 'update_expression' && x.type !== 'assignment_expression') return;
    const name = writtenName(x, code);
    if (name !== null) out.set(name, (out.get(name) ?? 0) + 1);
  });
  return out;
}

/** The variable an update or assignment writes, when it is a plain name. */
function writtenName(e: SyntaxNode, code: string): string | null {
  const target = e.type === 'update_expression' ? child(e, 'argument') : child(e, 'left');
  return target?.type === 'identifier' ? textOf(code, target) : null;
}
