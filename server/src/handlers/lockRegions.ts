/** The `locklens/lockRegions` payload: lines run under each lock, 0-based for the client. */
import type { FileAnalysis } from '../analysis/types';
import type { LockLensSettings } from '../config';
import type { LockRegionsParams } from '../protocol';
import { toLspLine } from './positions';

export function lockRegionsFor(analysis: FileAnalysis | null, settings: LockLensSettings, uri: string, version: number | null): LockRegionsParams {
  const regions: LockRegionsParams['regions'] = [];
  if (analysis && settings.enable) {
    for (const fn of analysis.functions) {
      for (const lock of fn.locks) {
        for (const r of lock.regions) {
          regions.push({ lock: lock.lock, kind: lock.kind, function: fn.name, startLine: toLspLine(r.startLine), endLine: toLspLine(r.endLine) });
        }
      }
    }
  }
  return { uri, version, regions };
}
