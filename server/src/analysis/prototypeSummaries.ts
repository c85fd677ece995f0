/**
 * Summaries of functions this file only declares: a prototype annotated
 * `__releases(b->ring->lock)` or `__acquires(x)` says what a call does to the
 * caller's locks even when the body is in another file or a header. The lock's
 * kind is not written there; callers use their own kind for the same lock.
 */
import type { LockAnnotation } from '../parsing/kernelShapes';
import { ANY_FLAVOR } from './lockCatalogue';
import { IDENTIFIER, lockRoot, normalizeLock } from './lockNames';
import { emptySummary, type FunctionSummary } from './summaries';

const KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'typeof', '__typeof__', 'defined']);
/** How far back from an annotation its declarator's parameter list may start. */
const MAX_PARAMS_LENGTH = 2000;

/**
 * Summaries by function name for annotations that follow a prototype (`name(params) __releases(x);`).
 * `code` is the prepared source (annotations blanked to spaces); `inDefinition` tells offsets inside a function definition.
 */
export function prototypeSummaries(code: string, annotations: LockAnnotation[], inDefinition: (offset: number) => boolean): Map<string, FunctionSummary> {
  const out = new Map<string, FunctionSummary>();
  for (const a of annotations) {
    if (a.kind === 'must_hold' || inDefinition(a.offset)) continue;
    const head = declaratorBefore(code, a.offset);
    if (!head || !endsInSemicolon(code, a.offset)) continue;
    const lock = normalizeLock(a.lock);
    const root = lockRoot(lock);
    if (!IDENTIFIER.test(root)) continue;
    let s = out.get(head.name);
    if (!s) out.set(head.name, (s = emptySummary(head.name, head.params)));
    const kind = lock === 'rcu' ? 'rcu' : 'spinlock';
    const held = { lock, kind, flavor: ANY_FLAVOR } as const;
    if (a.kind === 'releases') {
      s.releasesEntry.push(held);
      s.commonOps.unshift({ ...held, op: 'release' });
    } else {
      s.acquiresHeld.push(a.kind === 'cond_acquires' ? { ...held, conditional: 'ifTrue' } : held);
      if (a.kind === 'acquires') s.commonOps.push({ ...held, op: 'acquire' });
    }
  }
  return out;
}

/** The function name and parameter names of the declarator that ends just before `offset`. */
function declaratorBefore(code: string, offset: number): { name: string; params: string[] } | null {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(code[i])) i--;
  if (code[i] !== ')') return null;
  const close = i;
  let depth = 0;
  for (; i >= 0 && close - i < MAX_PARAMS_LENGTH; i--) {
    if (code[i] === ')') depth++;
    else if (code[i] === '(' && --depth === 0) break;
    else if (code[i] === ';' || code[i] === '{' || code[i] === '}') return null;
  }
  if (depth !== 0 || i < 0) return null;
  const open = i;
  const m = /([A-Za-z_]\w*)\s*$/.exec(code.slice(Math.max(0, open - 200), open));
  if (!m || KEYWORDS.has(m[1])) return null;
  return { name: m[1], params: parameterNames(code.slice(open + 1, close)) };
}

/** `struct log_buf *b, unsigned long flags` → [b, flags]; `void` → []. */
function parameterNames(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '(' || list[i] === '[') depth++;
    else if (list[i] === ')' || list[i] === ']') depth--;
    else if (list[i] === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  const names: string[] = [];
  for (const p of parts) {
    const t = p.trim();
    if (t === '' || t === 'void' || t === '...') continue;
    // `int (*fn)(void *)` names `fn`; otherwise the last identifier before any array suffix.
    const pointer = /\(\s*\*\s*([A-Za-z_]\w*)\s*\)/.exec(t);
    const plain = /([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*$/.exec(t);
    names.push(pointer?.[1] ?? plain?.[1] ?? '');
  }
  return names;
}

/** True when only blanks and further annotations (already blanked) separate `offset` from a `;`. */
function endsInSemicolon(code: string, offset: number): boolean {
  for (let i = offset; i < code.length && i < offset + MAX_PARAMS_LENGTH; i++) {
    const c = code[i];
    if (c === ';') return true;
    if (!/\s/.test(c)) return false;
  }
  return false;
}
