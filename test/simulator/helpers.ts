/** Shared set-up for the simulator tests: one parser, the pidmap samples, programs from C strings. */
import * as fs from 'fs';
import * as path from 'path';
import { createCParser, type Parser } from '../../server/src/parsing/parser';
import { Program } from '../../server/src/simulator/program';

let parser: Promise<Parser> | null = null;

export function getParser(): Promise<Parser> {
  parser ??= createCParser();
  return parser;
}

/** The repository root, found from the compiled or source location. */
export function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'samples', 'pidmap'))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'samples', 'pidmap'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('samples/pidmap not found');
  }
}

export function sample(name: 'pid_before.c' | 'pid_after.c'): { path: string; text: string } {
  const p = path.join(repoRoot(), 'samples', 'pidmap', name);
  return { path: p, text: fs.readFileSync(p, 'utf8') };
}

export async function programOf(text: string, name = 'test.c'): Promise<Program> {
  return Program.parse(await getParser(), name, text);
}

/** The sample text with `from` replaced by `to` (which must occur exactly once). */
export function edited(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new Error(`expected exactly one occurrence of ${from}`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}
