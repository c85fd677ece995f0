/**
 * The engine catches an exception inside one function's analysis and leaves a
 * note on that function ("internal error while analysing this function: ..."),
 * so the rest of the file is still analysed. Those notes are engine bugs: each
 * becomes a log entry with what reproduces it (file, version, function, settings,
 * a saved copy of the input).
 */
import type { FileAnalysis } from '../analysis/types';
import type { LockLensSettings } from '../config';
import { describeFailure } from './failures';

export interface EngineProblem {
  /** Function and note: the same problem on the next keystroke has the same key, and is not logged again. */
  key: string;
  /** The log entry. */
  report: string;
}

export interface ProblemContext {
  uri: string;
  version: number;
  text: string;
  settings: LockLensSettings;
}

const INTERNAL_ERROR = /^internal error\b/i;

/** The internal errors the engine noted on `analysis`'s functions, described for the log. */
export function engineProblems(analysis: FileAnalysis, ctx: ProblemContext): EngineProblem[] {
  const out: EngineProblem[] = [];
  for (const f of analysis.functions) {
    for (const note of f.notes) {
      if (!INTERNAL_ERROR.test(note)) continue;
      out.push({
        key: `${f.name}\u0000${note}`,
        report: describeFailure(
          { operation: `analysis of function ${f.name}() (lines ${f.startLine}-${f.endLine})`, uri: ctx.uri, version: ctx.version, text: ctx.text, settings: ctx.settings },
          note,
        ),
      });
    }
  }
  return out;
}
