/**
 * Lock identity: the normalised text of the lock expression. `&pidmap_lock`,
 * `&(pidmap_lock)` and `& pidmap_lock` are one lock; `(&x)->y` is `x.y`.
 */

/** A plain name: a variable, a parameter, a function. */
export const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** Removes whitespace, a leading `&` and redundant outer parentheses. */
export function normalizeLock(expr: string): string {
  let s = expr.replace(/\s+/g, '');
  for (let i = 0; i < 8; i++) {
    const before = s;
    if (s.startsWith('&')) s = s.slice(1);
    if (s.startsWith('(') && matchingClose(s, 0) === s.length - 1) s = s.slice(1, -1);
    if (s === before) break;
  }
  // `(&x)->y` and `(*p).y` are `x.y` and `p->y`.
  s = s.replace(/^\(&([A-Za-z_]\w*)\)->/, '$1.').replace(/^\(\*([A-Za-z_]\w*)\)\./, '$1->');
  return s;
}

function matchingClose(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The variable a lock expression hangs off (`p` in `p->lock`, `pidmap_lock` itself). */
export function lockRoot(lock: string): string {
  const m = /^[A-Za-z_]\w*/.exec(lock);
  return m ? m[0] : lock;
}

/** The member a lock expression ends in (`ring_lock` in `b->ring->ring_lock`), or null for a plain variable. */
export function lockMember(lock: string): string | null {
  const m = /(?:->|\.)([A-Za-z_]\w*)$/.exec(lock);
  return m ? m[1] : null;
}

/**
 * Substitutes a callee's parameter with the caller's argument in a lock expression:
 * callee `p->lock` with argument `&q->obj` becomes `q->obj.lock`... kept simple:
 * `p->x` with argument `q` → `q->x`; with argument `&v` → `v.x`.
 */
export function substituteParam(lock: string, param: string, argText: string): string | null {
  if (lockRoot(lock) !== param) return null;
  const rest = lock.slice(param.length);
  const arg = normalizeArg(argText);
  if (rest === '') return normalizeLock(arg);
  if (arg.startsWith('&') && rest.startsWith('->')) return normalizeLock(`${arg.slice(1)}.${rest.slice(2)}`);
  return normalizeLock(`${/^[\w>.-]+$/.test(arg) ? arg : `(${arg})`}${rest}`);
}

function normalizeArg(a: string): string {
  let s = a.replace(/\s+/g, '');
  while (s.startsWith('(') && matchingClose(s, 0) === s.length - 1) s = s.slice(1, -1);
  return s;
}
