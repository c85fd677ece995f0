/** Findings → LSP diagnostics, with severity overrides and links to the README. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import type { FileAnalysis, Finding, Severity } from '../analysis/types';
import type { CodeSeverity, LockLensSettings } from '../config';
import { codeHref } from './codeLinks';
import { toRange } from './positions';

export const DIAGNOSTIC_SOURCE = 'locklens';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The severity a finding is shown with, or null when the settings turn its code off. */
export function effectiveSeverity(finding: Finding, settings: LockLensSettings): Severity | null {
  const override: CodeSeverity | undefined = settings.severity[finding.code];
  if (override === 'off') return null;
  if (override && override in LSP_SEVERITY) return override as Severity;
  return finding.severity in LSP_SEVERITY ? finding.severity : 'warning';
}

export function toDiagnostic(finding: Finding, severity: Severity, uri: string): Diagnostic {
  return {
    range: toRange(finding.span),
    severity: LSP_SEVERITY[severity],
    code: finding.code,
    codeDescription: { href: codeHref(finding.code) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    relatedInformation: finding.related.map((r) => ({
      location: { uri, range: toRange(r.span) },
      message: r.message,
    })),
  };
}

/** All diagnostics of a file; none when the master switch is off. */
export function diagnosticsFor(analysis: FileAnalysis, settings: LockLensSettings, uri: string): Diagnostic[] {
  if (!settings.enable) return [];
  const out: Diagnostic[] = [];
  for (const finding of analysis.findings) {
    const severity = effectiveSeverity(finding, settings);
    if (severity) out.push(toDiagnostic(finding, severity, uri));
  }
  return out;
}
