/**
 * Plain-text views of a simulation result: the CLI's text format, the demo's
 * before/after comparison and the one-line summary for an output channel.
 */
import type { SimulationResult } from './simulate';

function kops(v: number): string {
  return `${(v / 1000).toFixed(1)}k`;
}

function ns(v: number): string {
  return v >= 10_000 ? `${(v / 1000).toFixed(1)} µs` : `${Math.round(v)} ns`;
}

/** `alloc_pid: 541.8k ops/s on 20 CPUs (ceiling 541.8k, bound by tasklist_lock); invariants held`. */
export function summaryLine(r: SimulationResult): string {
  const failed = r.invariants.filter((i) => !i.ok).map((i) => i.invariant);
  const inv = failed.length ? `invariants violated: ${failed.join(', ')}` : 'invariants held';
  const vs = r.speedup !== null ? `, ${r.speedup.toFixed(2)}× the baseline` : '';
  const stop = r.stopped ? ` (${r.stopped})` : '';
  return `${r.function}: ${kops(r.opsPerSec)} ops/s on ${r.cpus} CPUs (ceiling ${kops(r.ceilingOpsPerSec)}, bound by ${r.bottleneck ?? 'no lock'})${vs}; ${inv}${stop}`;
}

/** The full text report. */
export function formatResult(r: SimulationResult): string {
  const out: string[] = [];
  out.push(`Simulation of ${r.function}() in ${r.file}`);
  out.push(`  workload: ${r.workload}; ${r.cpus} CPUs, namespace depth ${r.nsLevel}, seed ${r.seed}`);
  if (r.stopped) out.push(`  ${r.stopped}`);
  out.push(`  throughput: ${kops(r.opsPerSec)} ops/s   ceiling: ${kops(r.ceilingOpsPerSec)} ops/s (bound by ${r.bottleneck ?? 'no shared lock'})`);
  if (r.baseline && r.comparison) {
    out.push(`  baseline (${r.baseline.file}): ${kops(r.baseline.opsPerSec)} ops/s   speed-up: ${r.comparison.speedup.toFixed(3)}×`);
    out.push(`  explained by ${r.comparison.explanation}`);
  }
  out.push('');
  out.push('  lock              acq/op   hold mean/p50/p99 (ns)   wait mean/p50/p99 (ns)   util   spin/op');
  for (const l of r.locks) {
    out.push(
      `  ${l.lock.padEnd(16)} ${l.acquiresPerOp.toFixed(2).padStart(6)}   ` +
        `${[l.holdNs.mean, l.holdNs.p50, l.holdNs.p99].map((v) => Math.round(v)).join('/').padEnd(22)}   ` +
        `${[l.waitNs.mean, l.waitNs.p50, l.waitNs.p99].map((v) => Math.round(v)).join('/').padEnd(22)}   ` +
        `${(l.utilization * 100).toFixed(0).padStart(3)}%   ${ns(l.spinNsPerOp)}`,
    );
  }
  if (r.scaling.length) {
    out.push('');
    out.push('  scaling: ' + r.scaling.map((s) => `${s.cpus} CPU${s.cpus > 1 ? 's' : ''} ${kops(s.opsPerSec)}`).join(', '));
  }
  out.push('');
  const held = r.invariants.filter((i) => i.checks > 0);
  const failed = r.invariants.filter((i) => !i.ok);
  out.push(`  invariants: ${failed.length ? `${failed.length} violated` : 'all held'} (${held.reduce((s, i) => s + i.checks, 0)} checks)`);
  for (const i of failed) out.push(`    ✗ ${i.description}: ${i.failures} violation${i.failures > 1 ? 's' : ''}`);
  for (const v of r.violations.slice(0, 3)) {
    out.push(`    ${v.invariant}: ${v.message}`);
    out.push(`      in ${v.call}; trace:`);
    for (const t of v.trace.slice(-40)) out.push(`      ${String(t.line).padStart(5)}  ${t.text}${t.events.length ? `   ← ${t.events.join('; ')}` : ''}`);
  }
  if (r.scenarios.length) {
    const byPlan = r.scenarios.filter((s) => s.nsLevel === r.nsLevel);
    out.push(`  scenarios at namespace depth ${r.nsLevel}: ` + byPlan.map((s) => `${s.plan} → ${s.outcome}${s.invariantsHeld ? '' : ' ✗'}`).join('; '));
  }
  if (r.stubbed.length || r.notInterpreted.length) {
    out.push('');
    out.push('  lenient defaults (results depend on them):');
    for (const s of r.stubbed) out.push(`    ${s.kind}: ${s.name} (${s.count}×, first on line ${s.firstLine})`);
    for (const n of r.notInterpreted) out.push(`    not interpreted: ${n}`);
  }
  return out.join('\n') + '\n';
}

/** The demo's comparison: both versions side by side and what explains the difference. */
export function formatComparison(r: SimulationResult): string {
  const b = r.baseline;
  if (!b) return formatResult(r);
  const out: string[] = [];
  out.push(`Simulated ${r.workload}, ${r.cpus} CPUs, namespace depth ${r.nsLevel}:`);
  out.push(`  before (${b.file}): ${kops(b.opsPerSec)} ops/s (ceiling ${kops(b.ceilingOpsPerSec)}, bound by ${b.bottleneck})`);
  out.push(`  after  (${r.file}): ${kops(r.opsPerSec)} ops/s (ceiling ${kops(r.ceilingOpsPerSec)}, bound by ${r.bottleneck})`);
  out.push(`  speed-up ${r.speedup?.toFixed(3)}×: ${r.comparison?.explanation}`);
  const fails = [...b.invariants, ...r.invariants].filter((i) => !i.ok);
  const sameOutcomes = b.scenarios.length === r.scenarios.length && b.scenarios.every((s, i) => s.outcome === r.scenarios[i].outcome);
  out.push(`  invariants: ${fails.length ? 'violations found' : 'all held in both'}; fault plans: ${sameOutcomes ? `same results in all ${r.scenarios.length}` : 'results differ'}`);
  out.push('  scaling (ops/s): ' + r.scaling.map((s, i) => `${s.cpus}: ${kops(b.scaling[i]?.opsPerSec ?? 0)} → ${kops(s.opsPerSec)}`).join(', '));
  return out.join('\n') + '\n';
}
