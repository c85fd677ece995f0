/** Applies lock-region plans to visible editors. One decoration type per colour, reused across edits. */
import * as vscode from 'vscode';
import type { LockRegionsParams } from '../../server/src/protocol';
import { gutterBarSvg, type LockColor } from './lockColors';
import { isCurrent, planDecorations, type Region } from './decorationPlan';

export class LockRegionDecorations implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();
  private readonly regions = new Map<string, Region[]>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly colors: () => Record<string, unknown>) {
    this.subscriptions.push(
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.regions.delete(doc.uri.toString())),
    );
  }

  /** A `locklens/lockRegions` notification. */
  update(params: LockRegionsParams): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === params.uri);
    if (doc && !isCurrent(params.version, doc.version)) return;
    this.regions.set(params.uri, params.regions);
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === params.uri) this.apply(editor);
  }

  /** Re-applies everything (visible editors changed, or the colour settings did). */
  refreshAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.apply(editor);
  }

  /** Colour settings changed: drop the cached types so new colours take effect. */
  resetColors(): void {
    for (const editor of vscode.window.visibleTextEditors) for (const t of this.types.values()) editor.setDecorations(t, []);
    for (const t of this.types.values()) t.dispose();
    this.types.clear();
    this.refreshAll();
  }

  private apply(editor: vscode.TextEditor): void {
    const regions = this.regions.get(editor.document.uri.toString()) ?? [];
    // Locks that share a colour share a decoration type: collect their ranges first, set once.
    const byType = new Map<vscode.TextEditorDecorationType, vscode.Range[]>();
    for (const p of planDecorations(regions, this.colors(), editor.document.lineCount)) {
      const type = this.typeFor(p.color);
      const ranges = byType.get(type) ?? [];
      ranges.push(...p.ranges.map((r) => new vscode.Range(r.startLine, 0, r.endLine, 0)));
      byType.set(type, ranges);
    }
    for (const type of this.types.values()) editor.setDecorations(type, byType.get(type) ?? []);
  }

  private typeFor(color: LockColor): vscode.TextEditorDecorationType {
    const key = keyOf(color);
    let type = this.types.get(key);
    if (!type) {
      type = vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        backgroundColor: color.background,
        overviewRulerColor: color.mark,
        overviewRulerLane: vscode.OverviewRulerLane.Left,
        gutterIconPath: vscode.Uri.parse(gutterBarSvg(color.mark)),
        gutterIconSize: 'contain',
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
      this.types.set(key, type);
    }
    return type;
  }

  dispose(): void {
    for (const t of this.types.values()) t.dispose();
    this.types.clear();
    for (const s of this.subscriptions) s.dispose();
  }
}

function keyOf(c: LockColor): string {
  return `${c.background}|${c.mark}`;
}
