// `node --import tsx bench/heap-profile.ts`: one run of deployment-10k under V8's sampling heap
// profiler, counting every allocation (also those the GC has collected since), summarised by the
// allocating function: where the garbage collector's work comes from.
import { Session } from 'node:inspector/promises';
import { findSourceMap } from 'node:module';
import { relative, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDeployment10k } from './deployment-10k.ts';

interface Node { callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; selfSize: number; children: Node[] }
const REPO_ROOT = join(fileURLToPath(import.meta.url), '..', '..');
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
const result = runDeployment10k();
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: Node } };
const self = new Map<string, number>();
function walk(n: Node): void {
  const f = n.callFrame;
  let where = f.functionName || '(anonymous)';
  if (f.url) {
    const e = findSourceMap(f.url)?.findEntry(f.lineNumber, f.columnNumber);
    const src = e && 'originalSource' in e ? e.originalSource : f.url;
    const line = e && 'originalLine' in e ? e.originalLine + 1 : f.lineNumber + 1;
    where = `${src.startsWith('file:') ? relative(REPO_ROOT, fileURLToPath(src)) : src}:${line} ${where}`;
  }
  self.set(where, (self.get(where) ?? 0) + n.selfSize);
  for (const c of n.children) walk(c);
}
walk(profile.head);
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`run ${Math.round(result.ms)} ms; sampled allocations ${(total / 1e6).toFixed(0)} MB`);
for (const [w, b] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[2] ?? 40))) console.log(`${(b / 1e6).toFixed(1).padStart(8)} MB ${((100 * b) / total).toFixed(1).padStart(5)} %  ${w}`);
