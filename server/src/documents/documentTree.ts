/**
 * One document's parse tree, kept across versions and re-parsed incrementally:
 * each update edits the old tree by the diff of the rewritten code and hands it
 * to tree-sitter, which reuses every subtree outside the edit. A word edit (the
 * common keystroke) also reuses the previous kernel-shape rewrite (wordEdit.ts).
 */
import { Edit, type Parser, type Tree } from 'web-tree-sitter';
import type { FileChange, ParsedFile } from '../analysis/analyzeFile';
import { prepareSource, type PreparedSource } from '../parsing/kernelShapes';
import { changedRange, diffEdit, editBetween, type ChangedRange, type CodeEdit } from './codeDiff';
import { rewriteWordEdit } from './wordEdit';

/** A parse that runs longer than this is abandoned (tree-sitter checks it as it goes). */
export const PARSE_BUDGET_MS = 10_000;

export interface ParseStats {
  /** True when the old tree was reused. */
  incremental: boolean;
  /** 'word' when the shape rewrite was derived from the previous version's (wordEdit.ts), else 'full'. */
  rewrite: 'word' | 'full';
  ms: number;
}

/**
 * Trees kept per thread for incremental re-parsing. Each costs about 8 MB of WASM
 * memory per 10k lines, and WASM memory never shrinks: with 50 open 10k-line files
 * the server held over 600 MB (npm run bench). The least recently updated documents
 * beyond this many let their tree go and are parsed in full on their next update
 * (tens of milliseconds for 10k lines), then incrementally again.
 */
export const MAX_KEPT_TREES = 8;

/** This thread's documents holding a tree, least recently updated first. */
const holding = new Set<DocumentTree>();

function markUpdated(doc: DocumentTree): void {
  holding.delete(doc);
  holding.add(doc);
  for (const oldest of holding) {
    if (holding.size <= MAX_KEPT_TREES) break;
    oldest.dispose();
  }
}

/** Every version parsed on this thread gets its own number (ParsedFile.revision). */
let revisions = 0;

/**
 * What changed since `old`: the text's change and the code's together (an annotation's
 * argument changes the text, not the code; `#if 0` changes the code far from the edit).
 * The rewrite keeps every length, so both moved what follows them by the same amount.
 */
function changeSince(old: ParsedFile, text: string, textChange: ChangedRange | null, codeEdit: CodeEdit | null): FileChange | undefined {
  if (old.revision === undefined) return undefined;
  const delta = text.length - old.text.length;
  let start = Infinity;
  let oldEnd = -Infinity;
  if (textChange) {
    start = textChange.start;
    oldEnd = textChange.oldEnd;
  }
  if (codeEdit) {
    start = Math.min(start, codeEdit.startIndex);
    oldEnd = Math.max(oldEnd, codeEdit.oldEndIndex);
  }
  if (start === Infinity) return { since: old.revision, start: 0, oldEnd: 0, newEnd: 0 };
  return { since: old.revision, start, oldEnd, newEnd: oldEnd + delta };
}

export class DocumentTree {
  private file: ParsedFile | null = null;
  private version: number | null = null;
  /** The iterator patterns the kept code was rewritten with: new ones change the rewrite. */
  private patterns: string | null = null;
  /** How the last update went, for the log and benchmarks. */
  lastStats: ParseStats | null = null;

  /** False once the tree was let go (or never made): the next update parses in full. */
  get holdsTree(): boolean {
    return this.file !== null;
  }

  /**
   * The parse of `text` at `version`. Reuses the current tree when nothing tree-sitter
   * sees changed. New iterator patterns re-run the rewrite even for the same version
   * (a settings change). Throws when the parse fails or runs over budget; the document then
   * starts over with a full parse next time.
   */
  update(parser: Parser, text: string, version: number, iteratorPatterns: string[]): ParsedFile {
    const patterns = iteratorPatterns.join('\n');
    if (this.file && this.version === version && this.file.text === text && this.patterns === patterns) return this.file;
    const started = performance.now();
    const old = this.file;
    // A word edit under the same patterns: the code changes exactly as the text did.
    const change = old && this.patterns === patterns ? changedRange(old.text, text) : null;
    const derived: PreparedSource | null = old && change ? rewriteWordEdit(old, text, change) : null;
    const { code, shapes } = derived ?? prepareSource(text, { iteratorPatterns });
    const rewrite = derived ? 'word' : 'full';
    let edit: CodeEdit | null = null;
    if (old && derived && change) edit = editBetween(old.text, text, change.start, change.oldEnd, change.newEnd);
    else if (old) edit = diffEdit(old.code, code);
    const revision = ++revisions;
    const fileChange = old && this.patterns === patterns ? changeSince(old, text, change, edit) : undefined;
    if (old && !edit) {
      this.file = { text, code, shapes, tree: old.tree, revision, change: fileChange };
      this.version = version;
      this.patterns = patterns;
      this.lastStats = { incremental: true, rewrite, ms: performance.now() - started };
      markUpdated(this);
      return this.file;
    }
    if (old && edit) old.tree.edit(new Edit(edit));
    const deadline = started + PARSE_BUDGET_MS;
    let tree: Tree | null = null;
    try {
      tree = parser.parse((index) => code.slice(index, index + 10240), old?.tree ?? null, { progressCallback: () => performance.now() > deadline });
    } finally {
      if (!tree) {
        // A cancelled parse resumes by default; start the next one afresh.
        parser.reset();
        this.dispose();
      }
    }
    if (!tree) throw new Error(`parse abandoned after ${PARSE_BUDGET_MS} ms`);
    old?.tree.delete();
    this.file = { text, code, shapes, tree, revision, change: fileChange };
    this.version = version;
    this.patterns = patterns;
    this.lastStats = { incremental: old !== null, rewrite, ms: performance.now() - started };
    markUpdated(this);
    return this.file;
  }

  /** Frees the tree (WASM memory is not garbage-collected). */
  dispose(): void {
    holding.delete(this);
    this.file?.tree.delete();
    this.file = null;
    this.version = null;
    this.patterns = null;
  }
}
