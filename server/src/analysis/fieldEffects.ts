/**
 * What a call does to fields its caller can name, beside locks: the fields it
 * assigns through a parameter or a global (`s->owner->open_trans`,
 * `current->journal_info`), so that a caller forgets what it tested about
 * them, and what some of them hold when it returns (`settles`): a constant
 * (`= NULL` on every path: the caller knows the field is NULL) or one of its
 * parameters (`p->link = l`: the caller knows both names reach one object),
 * on every return or on every return of 0. Kept in the function's own terms;
 * translated to a caller's at each call like a lock.
 */
import { child, textOf, walk, type SyntaxNode } from '../parsing/syntax';
import { IDENTIFIER, lockRoot, normalizeLock, substituteParam } from './lockNames';

/** `field` holds `value` (`0`, `1`, or a parameter or global path) when the function returns, or only when it returns 0. */
export interface FieldSettle {
  field: string;
  value: string;
  ifZero?: true;
}

export interface FieldEffects {
  assigns: string[];
  settles: FieldSettle[];
}

/** The part of a callee's summary that says what it writes. */
export interface FieldWriter extends FieldEffects {
  params: string[];
}

/** Enough for the facts a caller keeps (a handful of tested fields); past it the rest is not followed. */
const MAX_ASSIGNS = 32;
const MAX_SETTLES = 8;
/** A member path from a name: `s->owner->open_trans`, `w.ctx`. */
const FIELD_PATH = /^[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)+$/;

/**
 * The fields a function body writes that its callers can name, and what the straight-line
 * statements before any branch leave in them (a field assigned nowhere else).
 * `locals` are its own variables; `callee` gives a called function's writes, or null when it is not summarised.
 */
export function fieldEffects(body: SyntaxNode, code: string, params: string[], locals: Set<string>,
  callee: (name: string) => FieldWriter | null): FieldEffects {
  const text = (n: SyntaxNode) => textOf(code, n);
  // Plain variables assigned anywhere in the body: a parameter among them no longer holds the caller's value.
  const reassigned = new Set<string>();
  const nameable = (path: string) => isNameableValue(path) && (constantValue(path) !== null || nameableHere(path, params, locals, reassigned));
  // How often each field is written (by the body or a callee): a settle needs the only write.
  const writes = new Map<string, number>();
  const noteWrite = (path: string) => {
    if (FIELD_PATH.test(path)) writes.set(path, (writes.get(path) ?? 0) + 1);
  };
  const calleeWrites = (call: SyntaxNode): FieldEffects | null => {
    const fn = child(call, 'function');
    const w = fn?.type === 'identifier' ? callee(text(fn)) : null;
    if (!w || (!w.assigns.length && !w.settles.length)) return null;
    const args = child(call, 'arguments')?.children.filter((a) => a.type !== 'comment').map(text) ?? [];
    return translateFieldEffects(w, args);
  };
  walk(body, (n) => {
    if (n.type === 'assignment_expression' || n.type === 'update_expression') {
      const target = child(n, n.type === 'assignment_expression' ? 'left' : 'argument');
      // A field is written by a plain store only: a read-modify-write (`flags |= X`, `flags &= ~Y`, `n++`)
      // changes part of it, and the bits a caller tests are mostly others (following those would forget
      // every flag test across every call that touches the word).
      if (target?.type === 'field_expression') {
        if (n.type === 'assignment_expression' && text(child(n, 'operator') ?? n) === '=') noteWrite(normalizeLock(text(target)));
      } else if (target?.type === 'identifier') reassigned.add(text(target));
    } else if (n.type === 'call_expression') {
      for (const a of calleeWrites(n)?.assigns ?? []) noteWrite(a);
    }
    return true;
  });
  const assigns = [...writes.keys()].filter((f) => nameable(f)).slice(0, MAX_ASSIGNS);
  const settles: FieldSettle[] = [];
  // A value by a plain name (a parameter, a global) or a constant: a member path could be rewritten after the store.
  const noteSettle = (field: string, value: string) => {
    if (settles.length < MAX_SETTLES && writes.get(field) === 1 && nameable(field) && (constantValue(value) !== null || IDENTIFIER.test(value) && nameable(value))) {
      settles.push({ field, value: constantValue(value) ?? value });
    }
  };
  for (const statement of body.children) {
    if (statement.type === 'declaration') continue;
    // Past the first branch, a write may be skipped by an early return.
    if (statement.type !== 'expression_statement') break;
    const e = statement.children[0];
    if (e?.type === 'assignment_expression' && text(child(e, 'operator') ?? e) === '=') {
      const left = child(e, 'left');
      const right = child(e, 'right');
      if (left && right) noteSettle(normalizeLock(text(left)), normalizeLock(text(right)));
    } else if (e?.type === 'call_expression') {
      for (const st of calleeWrites(e)?.settles ?? []) if (!st.ifZero) noteSettle(st.field, st.value);
    }
  }
  return { assigns, settles };
}

/** `0` or `1` for a constant value (`NULL`, `false`, `0`; `true`, a non-zero literal), else null. */
export function constantValue(value: string): '0' | '1' | null {
  if (/^(NULL|false|0+[uUlL]*)$/.test(value)) return '0';
  if (/^(true|[1-9]\d*[uUlL]*)$/.test(value)) return '1';
  return null;
}

/** A constant, a variable or a member path: what a settle can carry. */
function isNameableValue(value: string): boolean {
  return constantValue(value) !== null || IDENTIFIER.test(value) || FIELD_PATH.test(value);
}

/** A path a caller can name: through a global, or a parameter still holding the caller's value. */
export function nameableHere(path: string, params: string[], locals: Set<string>, reassigned?: Set<string>): boolean {
  const root = lockRoot(path);
  return params.includes(root) ? !reassigned?.has(root) : !locals.has(root);
}

/** A callee's writes in the caller's words (`args` as written); a path the caller cannot name is dropped. */
export function translateFieldEffects(w: FieldWriter, args: string[]): FieldEffects {
  const translate = (path: string): string | null => {
    const i = w.params.indexOf(lockRoot(path));
    if (i < 0) return path;
    return args[i] === undefined ? null : substituteParam(path, w.params[i], args[i]);
  };
  const assigns: string[] = [];
  for (const a of w.assigns) {
    const t = translate(a);
    if (t !== null) assigns.push(t);
  }
  const settles: FieldSettle[] = [];
  for (const st of w.settles) {
    const field = translate(st.field);
    const value = constantValue(st.value) ?? translate(st.value);
    if (field !== null && value !== null) settles.push({ ...st, field, value });
  }
  return { assigns, settles };
}
