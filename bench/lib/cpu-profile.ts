/** Reads a V8 `.cpuprofile` (node --cpu-prof) into self time per function and per package / project directory. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] }

export interface ProfileSummary {
  file: string;
  totalMs: number;
  idleMs: number;
  /** Self time by package (node_modules/<pkg>), project directory (activities/, lib/http/, …) or `node:` internals. */
  byArea: { area: string; ms: number; share: number }[];
  /** The functions with the most self time. */
  topFunctions: { fn: string; where: string; ms: number; share: number }[];
}

function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return url.split('/')[0].replace(/^node:internal.*/, 'node:internal');
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const project = /\/work\/[^/]+\/(.*)$/.exec(url.replace(/^file:\/\//, ''))?.[1] ?? url;
  const parts = project.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : parts.length > 1 ? `${parts[0]}/` : project;
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const selfMs = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    for (let k = 0; k < profile.samples.length; k++) {
      const delta = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      selfMs.set(profile.samples[k], (selfMs.get(profile.samples[k]) ?? 0) + delta);
    }
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const byArea = new Map<string, number>();
  const byFunction = new Map<string, { fn: string; where: string; ms: number }>();
  let idleMs = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (ms === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
    const where = url ? `${url.replace(/^.*\/(node_modules\/|work\/[^/]+\/)/, '')}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const entry = byFunction.get(key) ?? { fn: functionName || '(anonymous)', where, ms: 0 };
    entry.ms += ms;
    byFunction.set(key, entry);
  }
  const busy = totalMs - idleMs;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    file,
    totalMs: round(totalMs),
    idleMs: round(idleMs),
    byArea: [...byArea].sort((a, b) => b[1] - a[1]).slice(0, top).map(([area, ms]) => ({ area, ms: round(ms), share: round((ms / busy) * 100) })),
    topFunctions: [...byFunction.values()].sort((a, b) => b.ms - a.ms).slice(0, top)
      .map((entry) => ({ ...entry, ms: round(entry.ms), share: round((entry.ms / busy) * 100) })),
  };
}
