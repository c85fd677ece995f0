/**
 * The scaling chart's data in uPlot's column form: x = CPU counts (the union of
 * both runs' points), one y column per series, null where a run has no point.
 * Pure: shared by the webview script and the tests.
 */
import type { SimulationReportInput } from './simulationResult';

export interface ScalingChartData {
  cpus: number[];
  series: Array<{ label: string; values: Array<number | null>; role: 'current' | 'baseline' | 'ceiling' }>;
}

export function scalingChartData(r: SimulationReportInput): ScalingChartData {
  const cpus = [...new Set([...r.scaling, ...(r.baseline?.scaling ?? [])].map((p) => p.cpus))].sort((a, b) => a - b);
  const column = (points: SimulationReportInput['scaling'], pick: (p: SimulationReportInput['scaling'][number]) => number | undefined) =>
    cpus.map((c) => {
      const v = pick(points.find((p) => p.cpus === c) ?? { cpus: c, opsPerSec: NaN });
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
  const series: ScalingChartData['series'] = [{ label: `${r.function} (this version)`, values: column(r.scaling, (p) => p.opsPerSec), role: 'current' }];
  if (r.baseline && r.baseline.scaling.length) series.push({ label: 'baseline', values: column(r.baseline.scaling, (p) => p.opsPerSec), role: 'baseline' });
  if (r.scaling.some((p) => typeof p.ceilingOpsPerSec === 'number')) series.push({ label: 'ceiling (1 / serialised time per op)', values: column(r.scaling, (p) => p.ceilingOpsPerSec), role: 'ceiling' });
  return { cpus, series };
}

/**
 * The y-axis top: a margin above the measured series. The ceiling is left out
 * of it: at 1–2 CPUs it is far above anything reachable and would flatten the
 * curves that matter; the chart clips it where it runs off the top.
 */
export function scalingYMax(data: ScalingChartData): number {
  const measured = data.series.filter((s) => s.role !== 'ceiling').flatMap((s) => s.values).filter((v): v is number => v !== null);
  const top = measured.length ? Math.max(...measured) : Math.max(0, ...data.series.flatMap((s) => s.values).filter((v): v is number => v !== null));
  return top > 0 ? top * 1.25 : 1;
}
