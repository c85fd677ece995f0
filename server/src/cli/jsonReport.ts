/**
 * The `locklens check --format json` contract, version 1. Other tools parse it:
 * fields are only ever added within a version; renaming or removing one means
 * version 2. Text and SARIF output are derived from this same model.
 *
 * ```
 * { "version": 1,
 *   "files": [ {
 *     "path": "kernel/pid.c",             // as given on the command line, or joined under a given directory
 *     "skipped": null,                     // or why the file was not analysed ("binary file (NUL bytes)")
 *     "functions": [ {
 *       "name": "alloc_pid", "startLine": 35, "endLine": 150, "maySleep": true,
 *       "locks": [ {
 *         "lock": "pidmap_lock",          // normalised: no leading &, redundant parentheses or spaces
 *         "kind": "spinlock",
 *         "acquiresOnCommonPath": 2,
 *         "acquiresMax": 3,               // null when unbounded (acquired in a loop)
 *         "acquiresFormula": "ns->level + 2",  // null unless a loop bound is symbolic
 *         "backToBack": true, "heldAtReturn": false, "heldOnEntry": false,
 *         "regions": [ { "startLine": 74, "endLine": 86 } ] } ] } ],
 *     "diagnostics": [ {
 *       "code": "lock/back-to-back",
 *       "severity": "information",          // error | warning | information | hint, after locklens.severity overrides
 *       "line": 113, "column": 2, "endLine": 113, "endColumn": 26,
 *       "message": "...", "function": "alloc_pid",
 *       "related": [ { "line": 86, "column": 3, "message": "released here" } ] } ] } ],
 *   "errors": [ { "path": "missing.c", "message": "cannot read missing.c: no such file or directory" } ] }
 * ```
 * Lines and columns are 1-based; columns count UTF-16 code units (bytes, for ASCII
 * source). Diagnostics whose code is turned `off` in the settings are left out;
 * diagnostics are sorted by position. Files are in the order they were named,
 * directory contents sorted by name.
 */
import type { FileAnalysis, FunctionFacts, Finding, LockFacts, Severity } from '../analysis/types';
import type { LockLensSettings } from '../config';
import { effectiveSeverity } from '../handlers/diagnostics';

export const JSON_REPORT_VERSION = 1;

export interface JsonRegion { startLine: number; endLine: number }

export interface JsonLock {
  lock: string;
  kind: string;
  acquiresOnCommonPath: number;
  acquiresMax: number | null;
  acquiresFormula: string | null;
  backToBack: boolean;
  heldAtReturn: boolean;
  heldOnEntry: boolean;
  regions: JsonRegion[];
}

export interface JsonFunction {
  name: string;
  startLine: number;
  endLine: number;
  maySleep: boolean;
  locks: JsonLock[];
}

export interface JsonRelated { line: number; column: number; message: string }

export interface JsonDiagnostic {
  code: string;
  severity: Severity;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  function: string;
  related: JsonRelated[];
}

export interface JsonFile {
  path: string;
  skipped: string | null;
  functions: JsonFunction[];
  diagnostics: JsonDiagnostic[];
}

export interface JsonError { path: string; message: string }

export interface JsonReport {
  version: typeof JSON_REPORT_VERSION;
  files: JsonFile[];
  errors: JsonError[];
}

function lockJson(l: LockFacts): JsonLock {
  return {
    lock: l.lock,
    kind: l.kind,
    acquiresOnCommonPath: l.acquiresOnCommonPath,
    acquiresMax: l.acquiresMax,
    acquiresFormula: l.acquiresFormula,
    backToBack: l.backToBack,
    heldAtReturn: l.heldAtReturn,
    heldOnEntry: l.heldOnEntry,
    regions: l.regions.map((r) => ({ startLine: r.startLine, endLine: r.endLine })),
  };
}

function functionJson(f: FunctionFacts): JsonFunction {
  return { name: f.name, startLine: f.startLine, endLine: f.endLine, maySleep: f.maySleep, locks: f.locks.map(lockJson) };
}

function diagnosticJson(f: Finding, severity: Severity): JsonDiagnostic {
  return {
    code: f.code,
    severity,
    line: f.span.start.line,
    column: f.span.start.column + 1,
    endLine: f.span.end.line,
    endColumn: f.span.end.column + 1,
    message: f.message,
    function: f.function,
    related: f.related.map((r) => ({ line: r.span.start.line, column: r.span.start.column + 1, message: r.message })),
  };
}

/** One analysed file in the contract's shape, with the settings' severity overrides applied. */
export function fileJson(analysis: FileAnalysis, settings: LockLensSettings): JsonFile {
  const diagnostics: JsonDiagnostic[] = [];
  if (settings.enable) {
    for (const finding of analysis.findings) {
      const severity = effectiveSeverity(finding, settings);
      if (severity) diagnostics.push(diagnosticJson(finding, severity));
    }
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
  return { path: analysis.path, skipped: analysis.skipped, functions: analysis.functions.map(functionJson), diagnostics };
}

export function buildReport(analyses: FileAnalysis[], errors: JsonError[], settings: LockLensSettings): JsonReport {
  return { version: JSON_REPORT_VERSION, files: analyses.map((a) => fileJson(a, settings)), errors };
}

/** True when some diagnostic is an error: the CLI's exit status 1. */
export function hasErrorDiagnostic(report: JsonReport): boolean {
  return report.files.some((f) => f.diagnostics.some((d) => d.severity === 'error'));
}
