import { Session } from 'node:inspector/promises';

/**
 * V8's own profilers over a stretch of work, from inside the process that
 * does it: a CPU profile, and the sampling heap profiler with the objects
 * that young and old collections freed kept in (so it counts what was
 * allocated, not what survived). Used by host-micro.ts (in the host child)
 * and fold-micro.ts.
 */

interface HeapNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

export interface AllocationSummary {
  /** Estimated bytes allocated in all (V8 scales each sample to the bytes it stands for). */
  readonly bytes: number;
  /** The same by function, largest first. */
  readonly byFunction: readonly { readonly name: string; readonly bytes: number }[];
}

export interface Probe {
  start(what: { readonly cpu: boolean; readonly heap: boolean }): Promise<void>;
  /** Stops what `start` started; the CPU profile is V8's JSON (`.cpuprofile`). */
  stop(): Promise<{ readonly cpuProfile: unknown; readonly allocations: AllocationSummary | null }>;
}

/** One sample per this many bytes on average: fine enough for a few KB per bid over a few thousand bids. */
const HEAP_SAMPLING_BYTES = 1024;

export function createProbe(): Probe {
  const session = new Session();
  session.connect();
  let cpu = false;
  let heap = false;
  return {
    async start(what) {
      cpu = what.cpu;
      heap = what.heap;
      if (cpu) {
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 100 });
        await session.post('Profiler.start');
      }
      if (heap) {
        await session.post('HeapProfiler.enable');
        await session.post('HeapProfiler.startSampling', {
          samplingInterval: HEAP_SAMPLING_BYTES,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true,
        });
      }
    },
    async stop() {
      const cpuProfile = cpu ? (await session.post('Profiler.stop')).profile : null;
      let allocations: AllocationSummary | null = null;
      if (heap) {
        const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as {
          profile: { head: HeapNode };
        };
        allocations = summariseHeap(profile.head);
      }
      return { cpuProfile, allocations };
    },
  };
}

function summariseHeap(head: HeapNode): AllocationSummary {
  const byFunction = new Map<string, number>();
  let bytes = 0;
  const visit = (node: HeapNode): void => {
    if (node.selfSize > 0) {
      const { functionName, url, lineNumber } = node.callFrame;
      const file = url.replace(/^.*node_modules\//, '').replace(/^.*\//, '');
      const name = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
      byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
      bytes += node.selfSize;
    }
    for (const child of node.children) visit(child);
  };
  visit(head);
  return {
    bytes,
    byFunction: [...byFunction].map(([name, b]) => ({ name, bytes: b })).sort((a, b) => b.bytes - a.bytes),
  };
}
