/**
 * Linear expressions over symbolic C terms (`ns->level`, `n`), used for loop
 * trip counts and symbolic acquire counts such as `ns->level + 2`.
 */
import { child, type SyntaxNode } from '../parsing/syntax';

export interface Linear {
  constant: number;
  /** Symbol text → coefficient (never 0). */
  terms: Map<string, number>;
}

export const constant = (n: number): Linear => ({ constant: n, terms: new Map() });

export function add(a: Linear, b: Linear, sign = 1): Linear {
  const terms = new Map(a.terms);
  for (const [s, c] of b.terms) {
    const v = (terms.get(s) ?? 0) + sign * c;
    if (v === 0) terms.delete(s);
    else terms.set(s, v);
  }
  return { constant: a.constant + sign * b.constant, terms };
}

export function scale(a: Linear, k: number): Linear {
  if (k === 0) return constant(0);
  const terms = new Map<string, number>();
  for (const [s, c] of a.terms) terms.set(s, c * k);
  return { constant: a.constant * k, terms };
}

/** Product of two linear forms, or null when both are symbolic (not linear). */
export function multiply(a: Linear, b: Linear): Linear | null {
  if (a.terms.size === 0) return scale(b, a.constant);
  if (b.terms.size === 0) return scale(a, b.constant);
  return null;
}

export const isConstant = (a: Linear): boolean => a.terms.size === 0;

/**
 * Value in the default scenario: a symbol naming a namespace level (`ns->level`,
 * `level`) is 0 (namespace depth 0). Any other symbol makes the value unknown (null).
 */
export function evaluateDefault(a: Linear, levelValue = 0): number | null {
  let v = a.constant;
  for (const [s, c] of a.terms) {
    if (!isLevelSymbol(s)) return null;
    v += c * levelValue;
  }
  return v;
}

export function isLevelSymbol(s: string): boolean {
  return /(^|->|\.)level$/.test(s);
}

/** Renders `ns->level + 2`, `2 * n + 1`, `n - 1`. */
export function render(a: Linear): string {
  const parts: string[] = [];
  for (const [s, c] of [...a.terms].sort((x, y) => x[0].localeCompare(y[0]))) {
    const mag = Math.abs(c);
    const term = mag === 1 ? s : `${mag} * ${s}`;
    if (parts.length === 0) parts.push(c < 0 ? `-${term}` : term);
    else parts.push(c < 0 ? `- ${term}` : `+ ${term}`);
  }
  if (a.constant !== 0 || parts.length === 0) {
    if (parts.length === 0) parts.push(String(a.constant));
    else parts.push(a.constant < 0 ? `- ${-a.constant}` : `+ ${a.constant}`);
  }
  return parts.join(' ');
}

/** Parses an expression into a linear form; non-linear parts become opaque symbols. */
export function fromExpression(code: string, node: SyntaxNode, depth = 0): Linear {
  const text = () => code.slice(node.start, node.end).replace(/\s+/g, '');
  if (depth > 64) return symbol(text());
  switch (node.type) {
    case 'number_literal': {
      const n = parseCNumber(code.slice(node.start, node.end));
      return n === null ? symbol(text()) : constant(n);
    }
    case 'parenthesized_expression':
      return node.children.length === 1 ? fromExpression(code, node.children[0], depth + 1) : symbol(text());
    case 'binary_expression': {
      const op = child(node, 'operator');
      const l = child(node, 'left');
      const r = child(node, 'right');
      if (!op || !l || !r) return symbol(text());
      const opText = code.slice(op.start, op.end);
      const a = fromExpression(code, l, depth + 1);
      const b = fromExpression(code, r, depth + 1);
      if (opText === '+') return add(a, b);
      if (opText === '-') return add(a, b, -1);
      if (opText === '*') return multiply(a, b) ?? symbol(text());
      return symbol(text());
    }
    case 'unary_expression': {
      const op = child(node, 'operator');
      const arg = child(node, 'argument');
      if (op && arg && code.slice(op.start, op.end) === '-') return scale(fromExpression(code, arg, depth + 1), -1);
      return symbol(text());
    }
    default:
      return symbol(text());
  }
}

function symbol(s: string): Linear {
  return { constant: 0, terms: new Map([[s, 1]]) };
}

export function parseCNumber(raw: string): number | null {
  const t = raw.replace(/[uUlL]+$/, '');
  const n = /^0[xX]/.test(t) ? parseInt(t, 16) : /^0[0-7]+$/.test(t) ? parseInt(t, 8) : Number(t);
  return Number.isFinite(n) ? n : null;
}
