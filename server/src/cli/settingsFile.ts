/**
 * `--config settings.json`: the same settings as the editor's, in any of the
 * shapes people have at hand — a VS Code settings.json with flat dotted keys
 * (`"locklens.severity": {...}`), `{ "locklens": {...} }`, or the bare section.
 */
import * as fs from 'fs';
import { resolveSettings, type LockLensSettings } from '../config';
import { ioReason } from './collectFiles';

export class ConfigError extends Error {}

/** Turns `{"locklens.codeLens.enable": false}` into `{codeLens: {enable: false}}`; other keys are ignored. */
export function sectionFromObject(raw: Record<string, unknown>): Record<string, unknown> {
  const nested = raw.locklens;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) return nested as Record<string, unknown>;
  const dotted = Object.keys(raw).filter((k) => k.startsWith('locklens.'));
  if (dotted.length === 0) return raw;
  const out: Record<string, unknown> = {};
  for (const key of dotted) {
    const parts = key.split('.').slice(1);
    let at = out;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]] = raw[key];
  }
  return out;
}

/** VS Code's settings.json allows comments and trailing commas; strip them outside strings. */
export function stripJsonComments(text: string): string {
  return text
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (m, str: string | undefined) => str ?? '')
    .replace(/("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g, (m, str: string | undefined, close: string | undefined) => str ?? close ?? m);
}

export function loadSettingsFile(file: string): LockLensSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config ${file}: ${ioReason(err)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(stripJsonComments(text));
  } catch (err) {
    throw new ConfigError(`config ${file} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`config ${file} must hold a JSON object`);
  return resolveSettings(sectionFromObject(raw as Record<string, unknown>));
}
