/**
 * Internal errors, described well enough to reproduce: what we were doing, on
 * which document version, with which non-default settings, and a copy of the
 * input saved where the user can attach it to a bug report.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_SETTINGS, type LockLensSettings } from '../config';

export interface FailureContext {
  operation: string;
  uri: string;
  version?: number | null;
  position?: { line: number; character: number };
  text?: string;
  settings?: LockLensSettings;
}

/** Settings that differ from the defaults, as JSON: the rest needs no mention. */
function changedSettings(settings: LockLensSettings): string {
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(settings) as Array<keyof LockLensSettings>) {
    if (JSON.stringify(settings[key]) !== JSON.stringify(DEFAULT_SETTINGS[key])) changed[key] = settings[key];
  }
  return JSON.stringify(changed);
}

/** Inputs kept at most: a document that fails on every keystroke must not fill the disk. */
const MAX_SAVED_INPUTS = 50;

/** Writes `text` under the temp directory, named by its hash; null when that fails or enough are kept. */
export function saveInput(text: string, dir = path.join(os.tmpdir(), 'locklens-failures')): string | null {
  try {
    const file = path.join(dir, `${createHash('sha1').update(text).digest('hex').slice(0, 16)}.c`);
    if (fs.existsSync(file)) return file;
    fs.mkdirSync(dir, { recursive: true });
    if (fs.readdirSync(dir).length >= MAX_SAVED_INPUTS) return null;
    fs.writeFileSync(file, text);
    return file;
  } catch {
    return null;
  }
}

export function describeFailure(ctx: FailureContext, err: unknown): string {
  const parts = [`Kernel Lock Lens internal error in ${ctx.operation} of ${ctx.uri}`];
  if (ctx.version !== undefined) parts.push(`version ${ctx.version}`);
  if (ctx.position) parts.push(`at ${ctx.position.line + 1}:${ctx.position.character + 1}`);
  if (ctx.text !== undefined) {
    const saved = saveInput(ctx.text);
    parts.push(`${ctx.text.length} chars${saved ? `, input saved to ${saved}` : ''}`);
  }
  if (ctx.settings) parts.push(`settings ${changedSettings(ctx.settings)}`);
  const detail = err instanceof Error ? err.stack ?? `${err.name}: ${err.message}` : String(err);
  return `${parts.join('; ')}\n${detail}\nThe server recovered; the document is analysed afresh on its next change.`;
}
