// Test-only extension for the VS Code editor tier (test/editors/vscode.sh): asks the real VS Code
// workbench, through its public API, what Kernel Lock Lens contributed for the files of a plan
// ($LOCKLENS_PROBE_PLAN, written by drive.js from test/editors/expectations.json) and writes the
// answers to $LOCKLENS_PROBE_OUT. It judges nothing: drive.js checks the answers.
// Every wait polls with a generous bound, so a broken extension yields a result, never a hang.
'use strict';
const vscode = require('vscode');
const fs = require('fs');

const WAIT_MS = 90000;
const POLL_MS = 100;
const LOCKLENS = 'kernel-lock-lens.kernel-lock-lens';
const SEVERITY = ['error', 'warning', 'information', 'hint']; // vscode.DiagnosticSeverity order

const tick = () => new Promise((resolve) => setTimeout(resolve, POLL_MS));

/** Polls `read` until `done(value)`, at most WAIT_MS; returns the last value. */
async function until(read, done) {
  const start = Date.now();
  let value = await read();
  while (!done(value) && Date.now() - start < WAIT_MS) {
    await tick();
    value = await read();
  }
  return value;
}

const pos = (p) => new vscode.Position(p.line, p.character);
const plainRange = (r) => ({ start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } });

function diagnosticsOf(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'locklens').map((d) => ({
    code: typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code),
    href: typeof d.code === 'object' && d.code && d.code.target ? d.code.target.toString() : null,
    severity: SEVERITY[d.severity],
    range: plainRange(d.range),
    message: d.message,
    related: (d.relatedInformation || []).length,
  }));
}

async function hoverText(uri, p) {
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, pos(p))) || [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

async function probeFile(file) {
  const uri = vscode.Uri.file(file.path);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  // Diagnostics first: they show the language client is running. A lens request made before
  // it registers its providers gets [] from VS Code (this raced on the first file opened).
  const diagnostics = await until(() => diagnosticsOf(uri), (ds) => file.waitForCodes.every((c) => ds.some((d) => d.code === c)));
  const lenses = await until(
    async () => (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri)) || [],
    (ls) => !file.waitForLenses || ls.length > 0,
  );
  const hints = (await vscode.commands.executeCommand('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, doc.lineCount, 0))) || [];
  const hovers = [];
  for (const p of file.hovers) hovers.push({ position: p, text: await hoverText(uri, p) });
  const highlights = [];
  for (const p of file.highlights) {
    const hl = (await vscode.commands.executeCommand('vscode.executeDocumentHighlights', uri, pos(p))) || [];
    highlights.push({ position: p, ranges: hl.map((h) => plainRange(h.range)) });
  }
  return {
    path: file.path,
    diagnostics,
    lenses: lenses.map((l) => ({ line: l.range.start.line, title: l.command ? l.command.title : null, command: l.command ? l.command.command : null })),
    inlayHints: hints.map((h) => ({
      position: { line: h.position.line, character: h.position.character },
      label: typeof h.label === 'string' ? h.label : h.label.map((part) => part.value).join(''),
    })),
    hovers,
    highlights,
  };
}

/** Settings changed the way a user does (user settings), observed through the API. */
async function probeSettings(plan) {
  const s = plan.settings;
  const uri = vscode.Uri.file(s.path);
  const config = () => vscode.workspace.getConfiguration('locklens');
  const b2b = () => diagnosticsOf(uri).filter((d) => d.code === 'lock/back-to-back').map((d) => d.severity);
  const out = {};
  await config().update('enable', false, vscode.ConfigurationTarget.Global);
  out.hoverWhenDisabled = await until(() => hoverText(uri, s.hoverAt), (t) => t === '');
  await config().update('enable', undefined, vscode.ConfigurationTarget.Global);
  out.hoverWhenEnabled = await until(() => hoverText(uri, s.hoverAt), (t) => t.includes('lock summary'));
  if (plan.engine) {
    await config().update('severity', { 'lock/back-to-back': 'warning' }, vscode.ConfigurationTarget.Global);
    out.backToBackAsWarning = await until(b2b, (v) => v.length === 1 && v[0] === 'warning');
    await config().update('severity', { 'lock/back-to-back': 'off' }, vscode.ConfigurationTarget.Global);
    out.backToBackOff = await until(b2b, (v) => v.length === 0);
    await config().update('severity', undefined, vscode.ConfigurationTarget.Global);
    out.backToBackDefault = await until(b2b, (v) => v.length === 1 && v[0] === 'information');
  }
  return out;
}

exports.activate = async function activate() {
  const out = process.env.LOCKLENS_PROBE_OUT;
  const planPath = process.env.LOCKLENS_PROBE_PLAN;
  if (!out || !planPath) return;
  const res = { vscodeVersion: vscode.version, startedAt: new Date().toISOString() };
  try {
    const plan = JSON.parse(fs.readFileSync(planPath, 'utf8'));
    // Opening the first C file activates Kernel Lock Lens; its activate() resolves once its
    // language client has started, which is when its providers answer.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(plan.files[0].path)));
    const ext = vscode.extensions.getExtension(LOCKLENS);
    res.extensionFound = !!ext;
    res.extensionActive = !!(await until(() => ext && ext.isActive, Boolean));
    res.activeAfterMs = Date.now() - Date.parse(res.startedAt);
    res.files = [];
    for (const file of plan.files) res.files.push(await probeFile(file));
    res.filesDoneMs = Date.now() - Date.parse(res.startedAt);
    res.settings = await probeSettings(plan);
    // Leave the workbench showing the file the UI checks look at, alone.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(plan.settings.path)), { preview: false });
    await vscode.commands.executeCommand('workbench.action.closeOtherEditors');
  } catch (err) {
    res.error = String((err && err.stack) || err);
  }
  res.finishedAt = new Date().toISOString();
  fs.writeFileSync(out + '.tmp', JSON.stringify(res, null, 2));
  fs.renameSync(out + '.tmp', out);
};

exports.deactivate = () => {};
