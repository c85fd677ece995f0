/**
 * The workspace summary index: what every known file of the workspace offers
 * the others (its non-static functions' summaries), merged by the rule of
 * analysis/workspaceSummaries.ts. Files come from the background scan (their
 * text on disk) and from the open documents (their current text, which wins
 * over the disk while the document is open).
 *
 * Every update that changes a merged summary gets a new version; each name
 * remembers the version it last changed in, so a document analysed against an
 * older version can tell whether anything it called has changed since.
 */
import type { FunctionSummary } from '../analysis/summaries';
import { resolveDefinitions, type FileExports } from '../analysis/workspaceSummaries';

/** Merged summaries that changed: name → new summary, or null when the name no longer has one. */
export type IndexChanges = Map<string, FunctionSummary | null>;

/** What the analyzer's copy of the index applies: these changes, over an empty index when `replace`. */
export interface IndexUpdate {
  version: number;
  changes: Array<[string, FunctionSummary | null]>;
  replace: boolean;
}

export class WorkspaceIndex {
  private readonly disk = new Map<string, FileExports>();
  private readonly open = new Map<string, FileExports>();
  /** Name → the files defining it non-static (by their current exports). */
  private readonly definers = new Map<string, Set<string>>();
  private readonly merged = new Map<string, FunctionSummary>();
  private readonly digests = new Map<string, string>();
  private readonly changedAt = new Map<string, number>();
  private readonly listeners: Array<(changes: IndexChanges, version: number) => void> = [];
  version = 0;

  /** The merged summaries, for analyses. */
  get summaries(): ReadonlyMap<string, FunctionSummary> {
    return this.merged;
  }

  /** Files known (scanned or open). */
  get files(): number {
    return new Set([...this.disk.keys(), ...this.open.keys()]).size;
  }

  /** Called after each update that changed merged summaries. */
  onChange(listener: (changes: IndexChanges, version: number) => void): void {
    this.listeners.push(listener);
  }

  /** A file's exports as scanned from disk. */
  setScanned(path: string, exports: FileExports): void {
    this.update(path, () => this.disk.set(path, exports));
  }

  /** An open document's exports, from its current text. */
  setOpen(path: string, exports: FileExports): void {
    this.update(path, () => this.open.set(path, exports));
  }

  /** The document closed: its file counts as on disk again (or not at all, if never scanned). */
  closeOpen(path: string): void {
    if (this.open.has(path)) this.update(path, () => this.open.delete(path));
  }

  hasScanned(path: string): boolean {
    return this.disk.has(path);
  }

  /** Forgets everything (the index was turned off). */
  clear(): void {
    const changes: IndexChanges = new Map([...this.merged.keys()].map((name) => [name, null]));
    this.disk.clear();
    this.open.clear();
    this.definers.clear();
    this.merged.clear();
    this.digests.clear();
    this.emit(changes);
  }

  /** Whether any of `names` changed after `version`. */
  changedSince(names: Iterable<string>, version: number): boolean {
    if (version >= this.version) return false;
    for (const name of names) if ((this.changedAt.get(name) ?? 0) > version) return true;
    return false;
  }

  /** The whole index as one update, for an analyzer starting afresh. */
  snapshot(): IndexUpdate {
    return { version: this.version, changes: [...this.merged], replace: true };
  }

  private exportsOf(path: string): FileExports | undefined {
    return this.open.get(path) ?? this.disk.get(path);
  }

  private update(path: string, apply: () => void): void {
    const before = this.exportsOf(path);
    apply();
    const after = this.exportsOf(path);
    if (before === after) return;
    const names = new Set([...(before?.keys() ?? []), ...(after?.keys() ?? [])]);
    const changes: IndexChanges = new Map();
    for (const name of names) {
      let files = this.definers.get(name);
      if (after?.has(name)) {
        if (!files) this.definers.set(name, (files = new Set()));
        files.add(path);
      } else if (files) {
        files.delete(path);
        if (!files.size) this.definers.delete(name);
      }
      const summary = files?.size ? resolveDefinitions([...files].map((f) => this.exportsOf(f)!.get(name) ?? null)) : null;
      const digest = summary ? digestOf(summary) : null;
      if (digest === (this.digests.get(name) ?? null)) continue;
      if (summary && digest) {
        this.merged.set(name, summary);
        this.digests.set(name, digest);
      } else {
        this.merged.delete(name);
        this.digests.delete(name);
      }
      changes.set(name, summary);
    }
    this.emit(changes);
  }

  private emit(changes: IndexChanges): void {
    if (!changes.size) return;
    this.version++;
    for (const name of changes.keys()) this.changedAt.set(name, this.version);
    for (const listener of this.listeners) listener(changes, this.version);
  }
}

/** A stable text for a summary: a re-analysis that finds the same summary changes nothing. */
function digestOf(s: FunctionSummary): string {
  return JSON.stringify(s, (_k, v) => (v instanceof Map ? [...v] : v));
}
