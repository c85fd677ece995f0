/**
 * The settings in force. Sources, later ones winning: defaults, initializationOptions,
 * then either the pulled `workspace/configuration` (when the client supports it) or
 * the object pushed with `workspace/didChangeConfiguration`.
 */
import { DEFAULT_SETTINGS, resolveSettings, type LockLensSettings } from '../config';

export const SETTINGS_SECTION = 'locklens';

type Raw = Record<string, unknown>;

function asObject(v: unknown): Raw | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : null;
}

/** Accepts both `{locklens: {...}}` and the bare section object. */
export function sectionOf(raw: unknown): Raw | null {
  const obj = asObject(raw);
  if (!obj) return null;
  return asObject(obj[SETTINGS_SECTION]) ?? obj;
}

export class SettingsStore {
  private initial: Raw = {};
  private latest: Raw = {};
  current: LockLensSettings = DEFAULT_SETTINGS;

  setInitializationOptions(raw: unknown): void {
    this.initial = sectionOf(raw) ?? {};
    this.recompute();
  }

  /** Applies a pulled or pushed section; `null` (client has no value) means defaults. */
  apply(raw: unknown): LockLensSettings {
    this.latest = sectionOf(raw) ?? {};
    return this.recompute();
  }

  private recompute(): LockLensSettings {
    const merged: Raw = { ...this.initial };
    // Nested objects merge one level deep, so `{codeLens: {enable: false}}` keeps `simulate`.
    for (const [key, value] of Object.entries(this.latest)) {
      const base = asObject(merged[key]);
      const over = asObject(value);
      merged[key] = base && over ? { ...base, ...over } : value;
    }
    this.current = resolveSettings(merged);
    return this.current;
  }
}
