// Probe workers, one per container and probe type (pkg/kubelet/prober/worker.go). A worker ticks
// every periodSeconds from the moment the pod worker starts, runs doProbe's steps in upstream's
// order, and counts consecutive results against the thresholds. Every failed probe records an
// `Unhealthy` event. Where the answer cannot change (a server that always answers 200, a file
// that no script touches), the worker stops ticking and sleeps until the answer could change or
// the container does: the outcome and the events a user sees are the same, at no cost per period.
import type { TimedEvent } from '../loop.ts';
import type { Probe } from '../api/types.ts';
import type { DeepReadonly } from '../api/types.ts';
import type { ContainerInstance, ProbeAnswer } from './runtime.ts';

export type ProbeKind = 'Liveness' | 'Readiness' | 'Startup';
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

// pkg/kubelet/prober/worker.go newWorker: the result a new container starts with.
const INITIAL_RESULT: Record<ProbeKind, ProbeResult> = { Liveness: 'Success', Readiness: 'Failure', Startup: 'Unknown' };

export class ProbeWorker {
  result: ProbeResult;
  private lastResult: ProbeResult = 'Unknown';
  private resultRun = 0;
  onHold = false;
  containerId?: string;
  timer?: TimedEvent;
  private seriesOpenOn?: ContainerInstance;

  constructor(
    readonly kind: ProbeKind,
    readonly probe: DeepReadonly<Probe>,
    readonly containerName: string,
    /** When the worker started: ticks fall on gridStartMs + k × period. */
    readonly gridStartMs: number,
  ) {
    this.result = INITIAL_RESULT[kind];
  }

  get periodMs(): number {
    return (this.probe.periodSeconds ?? 10) * 1000;
  }

  /** The first tick at or after `t`. */
  nextTickAtOrAfter(t: number): number {
    if (t <= this.gridStartMs) return this.gridStartMs;
    return this.gridStartMs + Math.ceil((t - this.gridStartMs) / this.periodMs) * this.periodMs;
  }

  /** A new container instance resets the worker (doProbe step 2). */
  observeContainer(id: string | undefined): void {
    if (id === this.containerId) return;
    this.containerId = id;
    this.result = INITIAL_RESULT[this.kind];
    this.lastResult = 'Unknown';
    this.resultRun = 0;
    this.onHold = false;
    this.seriesOpenOn = undefined;
  }

  /** Stops a run of requests recorded in advance: from now on requests are sent one by one. */
  closeSeries(nowMs: number): void {
    this.seriesOpenOn?.closeRequests(nowMs);
    this.seriesOpenOn = undefined;
  }

  /** Records that requests will go out every period from `firstMs` without a tick each. */
  openSeries(container: ContainerInstance, firstMs: number, client: string): void {
    if (!this.probe.httpGet) return;
    container.openRequests(firstMs, this.periodMs, client);
    this.seriesOpenOn = container;
  }

  /**
   * Counts one probe outcome (doProbe steps 9-10). Returns the new cached result when it changed,
   * and whether the container must now be restarted.
   */
  count(outcome: 'Success' | 'Failure'): { changed: boolean; kill: boolean } {
    if (this.lastResult === outcome) this.resultRun++;
    else {
      this.lastResult = outcome;
      this.resultRun = 1;
    }
    const threshold = outcome === 'Failure' ? (this.probe.failureThreshold ?? 3) : (this.probe.successThreshold ?? 1);
    if (this.resultRun < threshold) return { changed: false, kill: false };
    const changed = this.result !== outcome;
    this.result = outcome;
    if ((this.kind === 'Liveness' || this.kind === 'Startup') && outcome === 'Failure') {
      this.onHold = true;
      this.resultRun = 0;
      return { changed, kill: true };
    }
    return { changed, kill: false };
  }

  /** Whether the cached result already is the steady outcome, with nothing left to count. */
  settledOn(outcome: 'Success' | 'Failure'): boolean {
    return this.result === outcome && this.lastResult === outcome;
  }
}

/** Runs the probe's handler against a container (pkg/kubelet/prober/prober.go runProbe). */
export function runProbe(probe: DeepReadonly<Probe>, container: ContainerInstance, nowMs: number, client: string): ProbeAnswer {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec) return container.exec([...(probe.exec.command ?? [])], nowMs, timeoutMs);
  if (probe.httpGet) return container.httpGet(portNumber(probe.httpGet.port), probe.httpGet.path || '/', nowMs, client);
  if (probe.tcpSocket) return container.tcpConnect(portNumber(probe.tcpSocket.port), nowMs);
  if (probe.grpc) return container.tcpConnect(probe.grpc.port, nowMs);
  return { ok: false, output: 'missing probe handler' };
}

/** Until when the probe's answer cannot change (Infinity: never, unless the container does). */
export function stableUntil(probe: DeepReadonly<Probe>, container: ContainerInstance, nowMs: number): number {
  if (probe.exec) return container.execStableUntil(nowMs);
  if (probe.httpGet) return container.httpStableUntil(portNumber(probe.httpGet.port), probe.httpGet.path || '/', nowMs);
  return container.tcpStableUntil(nowMs);
}

function portNumber(port: number | string | undefined): number {
  return typeof port === 'number' ? port : Number(port);
}

/** `http-get http://:8080/` etc. are described in describe.ts; the probe type words events use. */
export function probeKindOf(field: 'livenessProbe' | 'readinessProbe' | 'startupProbe'): ProbeKind {
  return field === 'livenessProbe' ? 'Liveness' : field === 'readinessProbe' ? 'Readiness' : 'Startup';
}
