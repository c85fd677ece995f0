/**
 * A file's analysis sent from the analysis worker to the LSP thread as the difference
 * from the previous one sent for the same document. The engine reuses the facts and
 * findings of every function an edit did not touch (the same objects), so after a
 * keystroke nearly every entry is a number: the index of the entry in the previous
 * analysis. Copying the whole analysis of a 30k-line file between threads (structured
 * clone) cost about 23 ms per keystroke; the difference costs well under one.
 *
 * Both sides keep the last analysis per document. Each delta names the one it was made
 * against (`base`); a decoder that does not hold that one (the document was closed, the
 * worker replaced) cannot rebuild it and says so, and the next delta is whole again.
 */
import type { FileAnalysis, Finding, FunctionFacts } from '../analysis/types';

export interface AnalysisDelta {
  /** This analysis's number, and the one it is a difference from (0: none, it is whole). */
  seq: number;
  base: number;
  path: string;
  skipped: string | null;
  /** An entry, or the index of the same entry in the base analysis. */
  functions: Array<FunctionFacts | number>;
  findings: Array<Finding | number>;
}

interface Sent {
  seq: number;
  analysis: FileAnalysis;
}

/** Where each object of `items` is. */
function positions<T extends object>(items: T[]): Map<T, number> {
  const at = new Map<T, number>();
  items.forEach((it, i) => at.set(it, i));
  return at;
}

function encodeList<T extends object>(items: T[], previous: T[] | undefined): Array<T | number> {
  if (!previous) return items;
  const at = positions(previous);
  return items.map((it) => at.get(it) ?? it);
}

function decodeList<T extends object>(entries: Array<T | number>, previous: T[]): T[] | null {
  const out: T[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (typeof e !== 'number') out[i] = e;
    else if (e >= 0 && e < previous.length) out[i] = previous[e];
    else return null;
  }
  return out;
}

/** The worker's side. */
export class AnalysisEncoder {
  private readonly sent = new Map<string, Sent>();
  private seq = 0;

  encode(uri: string, analysis: FileAnalysis): AnalysisDelta {
    const previous = this.sent.get(uri);
    const seq = ++this.seq;
    this.sent.set(uri, { seq, analysis });
    return {
      seq,
      base: previous?.seq ?? 0,
      path: analysis.path,
      skipped: analysis.skipped,
      functions: encodeList(analysis.functions, previous?.analysis.functions),
      findings: encodeList(analysis.findings, previous?.analysis.findings),
    };
  }

  /** The next analysis of `uri` is sent whole (the document was closed, or the receiver lost its copy). */
  forget(uri: string): void {
    this.sent.delete(uri);
  }
}

/** The LSP thread's side: decodes every delta it receives, in order. */
export class AnalysisDecoder {
  private readonly received = new Map<string, Sent>();

  /** The analysis, or null when the delta's base is not the analysis held for `uri`. */
  decode(uri: string, delta: AnalysisDelta): FileAnalysis | null {
    const previous = this.received.get(uri);
    let analysis: FileAnalysis | null = null;
    if (delta.base === 0) {
      analysis = { path: delta.path, skipped: delta.skipped, functions: delta.functions as FunctionFacts[], findings: delta.findings as Finding[] };
    } else if (previous && previous.seq === delta.base) {
      const functions = decodeList(delta.functions, previous.analysis.functions);
      const findings = decodeList(delta.findings, previous.analysis.findings);
      if (functions && findings) analysis = { path: delta.path, skipped: delta.skipped, functions, findings };
    }
    if (analysis) this.received.set(uri, { seq: delta.seq, analysis });
    else this.received.delete(uri);
    return analysis;
  }

  forget(uri: string): void {
    this.received.delete(uri);
  }

  /** A new worker starts with no analysis sent. */
  clear(): void {
    this.received.clear();
  }
}
