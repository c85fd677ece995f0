/**
 * One colour per lock, stable across edits and sessions: chosen by a hash of the
 * lock's name (never by order of appearance, which shifts as code is edited),
 * unless `locklens.highlightColors` names one.
 */

/** Distinct hues that read on light and dark themes (ColorBrewer-like, colour-blind aware first). */
export const LOCK_PALETTE: readonly string[] = [
  '#e66101', '#5e3c99', '#1b9e77', '#d95f02', '#2c7fb8', '#c51b7d', '#7fbc41', '#b8860b',
  '#0571b0', '#ca0020', '#4dac26', '#8073ac',
];

/** Opacity of the whole-line background: strong enough to see, weak enough to read the code. */
export const BACKGROUND_ALPHA = 0.13;

export interface LockColor {
  /** Whole-line background (translucent). */
  background: string;
  /** Gutter bar and overview-ruler mark (opaque where the input allows). */
  mark: string;
}

/** FNV-1a, 32 bit: tiny, deterministic, and spreads similar names (`a->lock`, `b->lock`) apart. */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const FUNCTIONAL = /^(rgb|rgba|hsl|hsla)\(\s*[-0-9.%\s,/]+\)$/i;
const NAMED = /^[a-z]{3,30}$/i;

/** Accepts the CSS colour forms people type in settings; rejects anything that could smuggle CSS. */
export function isCssColor(value: unknown): value is string {
  return typeof value === 'string' && (HEX.test(value) || FUNCTIONAL.test(value) || (NAMED.test(value) && value.toLowerCase() !== 'inherit'));
}

/** `#rgb`/`#rrggbb` → `rgba(r, g, b, alpha)`; other forms are returned as written. */
export function withAlpha(color: string, alpha: number): string {
  const m = HEX.exec(color);
  if (!m) return color;
  const hex = m[1].length === 3 ? m[1].split('').map((c) => c + c).join('') : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/**
 * The colours of `lock`. An override in `#rrggbb` form gets the same translucent
 * background as the palette; any other valid form is used as written for both.
 */
export function colorForLock(lock: string, overrides: Record<string, unknown> = {}): LockColor {
  const override = Object.prototype.hasOwnProperty.call(overrides, lock) ? overrides[lock] : undefined;
  const base = isCssColor(override) ? override : LOCK_PALETTE[hashName(lock) % LOCK_PALETTE.length];
  return { background: HEX.test(base) ? withAlpha(base, BACKGROUND_ALPHA) : base, mark: base };
}

/** A thin vertical bar for the gutter, as an SVG data URI (no image files to ship). */
export function gutterBarSvg(color: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect x="3" y="0" width="3" height="16" fill="${color}"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
