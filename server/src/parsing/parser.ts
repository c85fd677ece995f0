/**
 * Loads web-tree-sitter and the tree-sitter-c grammar from local files only:
 * next to the bundle (dist/) when bundled, else from node_modules (tests).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Parser, Language, Tree, Edit } from 'web-tree-sitter';

export { Tree, Edit };

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-c.wasm';

/** Finds `file` beside this module or in a node_modules package above it. */
export function locateWasm(file: string, pkg: string, from: string = __dirname): string {
  const beside = path.join(from, file);
  if (fs.existsSync(beside)) return beside;
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', pkg, file);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`cannot find ${file} beside ${from} or in node_modules/${pkg}`);
}

let languagePromise: Promise<Language> | null = null;

/** Initialises the runtime once and loads the C grammar. */
export function loadCLanguage(): Promise<Language> {
  languagePromise ??= (async () => {
    const runtime = locateWasm(RUNTIME_WASM, 'web-tree-sitter');
    await Parser.init({ locateFile: () => runtime });
    return Language.load(fs.readFileSync(locateWasm(GRAMMAR_WASM, 'tree-sitter-c')));
  })();
  return languagePromise;
}

/** A parser bound to the C grammar. Create after {@link loadCLanguage} resolved. */
export async function createCParser(): Promise<Parser> {
  const language = await loadCLanguage();
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

export type { Parser };
