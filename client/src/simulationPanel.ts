/** The simulation report webview: one panel, reused, showing the latest result. */
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { makeNonce, renderSimulationHtml } from './simulationReport';
import type { SimulationReportInput } from './simulationResult';

export class SimulationPanel {
  private static current: SimulationPanel | null = null;
  private static lastResult: SimulationReportInput | null = null;

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly assets: vscode.Uri) {
    panel.onDidDispose(() => { SimulationPanel.current = null; });
  }

  /** The latest result shown, for `locklens.openSimulationReport`. */
  static get latest(): SimulationReportInput | null {
    return SimulationPanel.lastResult;
  }

  static show(extensionUri: vscode.Uri, result: SimulationReportInput): void {
    SimulationPanel.lastResult = result;
    const assets = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    if (!SimulationPanel.current) {
      const panel = vscode.window.createWebviewPanel('locklens.simulationReport', 'Contention report', vscode.ViewColumn.Beside, {
        enableScripts: true,
        // Only our bundled chart script and stylesheet may load.
        localResourceRoots: [assets],
      });
      SimulationPanel.current = new SimulationPanel(panel, assets);
    }
    SimulationPanel.current.render(result);
  }

  private render(result: SimulationReportInput): void {
    const webview = this.panel.webview;
    this.panel.title = `Contention: ${result.function}()`;
    webview.html = renderSimulationHtml(result, {
      nonce: makeNonce((n) => crypto.randomBytes(n)),
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.assets, 'simulationChart.js')).toString(),
      uplotCssUri: webview.asWebviewUri(vscode.Uri.joinPath(this.assets, 'uPlot.min.css')).toString(),
    });
    this.panel.reveal(undefined, true);
  }
}
