// test/editors/expectations.json for the VS Code tier: positions, the probe's plan, and the checks
// on the probe's answers (the same rules the Neovim tier applies in nvim/locklens_test.lua).
//   node spec.js plan WORKSPACE ENGINE   prints the probe's plan for the copies under WORKSPACE
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SPEC = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/editors/expectations.json'), 'utf8'));
/** The file the settings and UI checks use: the motivating case. */
const MAIN = 'samples/pidmap/pid_before.c';

/** The 0-based position `at` names in `text` (see expectations.json). Lines are ASCII, so string
 * indices equal LSP's UTF-16 columns. */
function position(text, at) {
  let from = at.after ? text.indexOf(at.after) : 0;
  if (from < 0) throw new Error(`anchor not found: ${at.after}`);
  let idx = -1;
  for (let n = 0; n < (at.nth ?? 1); n++) {
    idx = text.indexOf(at.text, from);
    if (idx < 0) throw new Error(`text not found: ${at.text} (nth ${at.nth ?? 1})`);
    from = idx + 1;
  }
  const before = text.slice(0, idx);
  const line = before.split('\n').length - 1;
  return { line, character: idx - (before.lastIndexOf('\n') + 1) + (at.offset ?? 0) };
}

const readRepo = (rel) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

/** What the probe asks VS Code, for the copies of the spec's files under `workspace`. */
function plan(workspace, engine) {
  const files = SPEC.files.map((f) => {
    const text = readRepo(f.path);
    return {
      path: path.join(workspace, f.path),
      hovers: (f.hovers ?? []).map((h) => position(text, h.at)),
      highlights: (f.highlights ?? []).map((h) => position(text, h.at)),
      waitForCodes: engine ? [...new Set((f.diagnostics ?? []).map((d) => d.code))] : [],
      waitForLenses: engine && (f.lenses ?? []).length > 0,
    };
  });
  const main = readRepo(MAIN);
  return { engine, files, settings: { path: path.join(workspace, MAIN), hoverAt: position(main, { text: 'alloc_pid(struct', offset: 3 }) } };
}

/**
 * A recorder of checks. `today`: observable without the engine's lock facts, so always enforced;
 * the others are todo (counted as skipped) until the engine reports locks.
 */
function recorder(engine) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const oneLine = (d) => (typeof d === 'string' ? d : JSON.stringify(d)).replace(/\s*\n\s*/g, ' / ').slice(0, 400);
  function check(name, ok, detail, today = false) {
    const suffix = detail === undefined || detail === null ? '' : `: ${oneLine(detail)}`;
    if (!engine && !today) {
      counts.skipped++;
      console.log(`TODO ${name} (needs engine facts; ${ok ? 'passes already' : 'not yet'})${suffix}`);
    } else if (ok) {
      counts.passed++;
      console.log(`PASS ${name}${suffix}`);
    } else {
      counts.failed++;
      console.log(`FAIL ${name}${suffix}`);
    }
    return ok;
  }
  return { check, counts, closingLine: () => `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped` };
}

const lensMatches = (title, e) =>
  (e.equals === undefined || title === e.equals)
  && (e.startsWith === undefined || title.startsWith(e.startsWith))
  && (e.contains ?? []).every((c) => title.includes(c));

const describeDiags = (ds) => ds.map((d) => `${d.range.start.line}:${d.code}:${d.severity}`).join(' ');

/** Checks the probe's answers for every file of the spec. */
function evaluateProbe(probe, check) {
  check('VS Code found Kernel Lock Lens installed from its .vsix', probe.extensionFound === true, null, true);
  check('Kernel Lock Lens activated on a C file', probe.extensionActive === true, null, true);
  check('the probe ran without error', !probe.error, probe.error, true);
  for (const f of SPEC.files) {
    const name = path.basename(f.path);
    const text = readRepo(f.path);
    const got = (probe.files ?? []).find((p) => p.path.endsWith(`/${f.path}`));
    if (!check(`${name}: probed`, !!got, null, true)) continue;
    const diags = got.diagnostics;
    for (const e of f.diagnostics ?? []) {
      const line = position(text, e.at).line;
      const found = diags.filter((d) => d.code === e.code && d.range.start.line === line);
      check(`${name}: ${e.code} on line ${line + 1}`, found.length === 1 && found[0].severity === e.severity,
        `want ${e.severity}; got ${describeDiags(diags)}`, e.today);
      if (found.length === 1) {
        check(`${name}: ${e.code} links to its README section`, (found[0].href ?? '').endsWith(`#${e.code.replace('/', '')}`), found[0].href, e.today);
      }
    }
    if (f.onlyCodes) {
      const extra = diags.filter((d) => !f.onlyCodes.includes(d.code));
      check(`${name}: no diagnostics besides [${f.onlyCodes.join(', ')}]`, extra.length === 0, describeDiags(extra), f.onlyCodes.length === 0);
    }
    for (const code of f.forbidCodes ?? []) {
      const hits = diags.filter((d) => d.code === code);
      check(`${name}: no ${code}`, hits.length === 0, describeDiags(hits), true);
    }
    for (const e of f.lenses ?? []) {
      const line = position(text, e.at).line;
      const titles = got.lenses.filter((l) => l.line === line).map((l) => l.title);
      check(`${name}: code lens on line ${line + 1} ${e.equals ?? e.startsWith}`, titles.some((t) => lensMatches(t ?? '', e)), titles, e.today);
    }
    for (const e of f.inlayHints ?? []) {
      const p = position(text, e.at);
      const found = got.inlayHints.filter((h) => h.label === e.label && h.position.line === p.line && h.position.character === p.character);
      check(`${name}: inlay hint "${e.label}" at ${p.line + 1}:${p.character + 1}`, found.length === 1,
        got.inlayHints.map((h) => `${h.label}@${h.position.line}:${h.position.character}`), e.today);
    }
    (f.hovers ?? []).forEach((e, i) => {
      const p = position(text, e.at);
      const value = got.hovers[i]?.text ?? '';
      const missing = e.contains.find((c) => !value.includes(c));
      check(`${name}: hover at ${p.line + 1}:${p.character + 1} names ${e.contains.join(', ')}`, missing === undefined,
        missing === undefined ? null : `missing "${missing}" in ${value}`, e.today);
    });
    (f.highlights ?? []).forEach((e, i) => {
      const p = position(text, e.at);
      const lines = (got.highlights[i]?.ranges ?? []).map((r) => r.start.line).sort((a, b) => a - b);
      const want = e.lines.map((at) => position(text, at).line).sort((a, b) => a - b);
      check(`${name}: documentHighlight at ${p.line + 1}:${p.character + 1} pairs lines ${want.join(',')}`,
        JSON.stringify(lines) === JSON.stringify(want), lines, e.today);
    });
  }
  const s = probe.settings ?? {};
  check('settings: locklens.enable=false silences hovers', s.hoverWhenDisabled === '', s.hoverWhenDisabled, true);
  check('settings: back on, the hover returns', (s.hoverWhenEnabled ?? '').includes('lock summary'), s.hoverWhenEnabled, true);
  check('settings: severity override makes lock/back-to-back a warning', JSON.stringify(s.backToBackAsWarning) === '["warning"]', s.backToBackAsWarning);
  check('settings: severity "off" removes lock/back-to-back', JSON.stringify(s.backToBackOff) === '[]', s.backToBackOff);
  check('settings: defaults restore it as information', JSON.stringify(s.backToBackDefault) === '["information"]', s.backToBackDefault);
}

module.exports = { ROOT, SPEC, MAIN, position, plan, recorder, evaluateProbe, readRepo };

if (require.main === module && process.argv[2] === 'plan') {
  const [workspace, engine] = process.argv.slice(3);
  process.stdout.write(JSON.stringify(plan(path.resolve(workspace), engine === '1'), null, 2) + '\n');
}
