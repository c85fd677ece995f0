/**
 * SARIF 2.1.0 for code-scanning tools: one run, a rule per diagnostic code (from
 * the catalogue, plus any code the engine reports that the catalogue lacks),
 * related lines as relatedLocations, unreadable paths as tool notifications.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { JsonReport } from './jsonReport';
import { DIAGNOSTIC_CODES, codeInfo } from './diagnosticCodes';
import { codeHref, README_URL } from '../handlers/codeLinks';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note' | 'none';

/** SARIF has no "information" or "hint": both are notes. */
export function sarifLevel(severity: string): Level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** Relative paths stay relative (resolved against SRCROOT, the working directory); absolute ones become file URIs. */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

export function toSarif(report: JsonReport, toolVersion: string, cwd: string = process.cwd()): object {
  const used = new Set(report.files.flatMap((f) => f.diagnostics.map((d) => d.code)));
  const codes = [...DIAGNOSTIC_CODES.map((c) => c.code), ...[...used].filter((c) => !codeInfo(c)).sort()];
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const rules = codes.map((code) => {
    const info = codeInfo(code);
    return {
      id: code,
      name: code.replace(/[/-](\w)/g, (_, ch: string) => ch.toUpperCase()),
      shortDescription: { text: info?.summary ?? code },
      helpUri: codeHref(code),
      defaultConfiguration: { level: sarifLevel(info?.defaultSeverity ?? 'warning') },
    };
  });
  const results = report.files.flatMap((file) => file.diagnostics.map((d) => ({
    ruleId: d.code,
    ruleIndex: ruleIndex.get(d.code),
    level: sarifLevel(d.severity),
    message: { text: d.message },
    locations: [{
      physicalLocation: {
        artifactLocation: artifactLocation(file.path),
        region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
      },
      logicalLocations: [{ name: d.function, kind: 'function' }],
    }],
    relatedLocations: d.related.map((r, id) => ({
      id,
      message: { text: r.message },
      physicalLocation: { artifactLocation: artifactLocation(file.path), region: { startLine: r.line, startColumn: r.column } },
    })),
  })));
  const notifications = [
    ...report.errors.map((e) => ({ level: 'error', message: { text: e.message }, locations: e.path ? [{ physicalLocation: { artifactLocation: artifactLocation(e.path) } }] : [] })),
    ...report.files.filter((f) => f.skipped).map((f) => ({ level: 'note', message: { text: `not analysed: ${f.skipped}` }, locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.path) } }] })),
  ];
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'Kernel Lock Lens', informationUri: README_URL, version: toolVersion, rules } },
      originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd + path.sep).href } },
      invocations: [{ executionSuccessful: report.errors.length === 0, toolExecutionNotifications: notifications }],
      results,
    }],
  };
}
