// The simulated container runtime: one ContainerInstance per started container (a new one on
// every restart, with a new container ID). An instance answers HTTP, TCP and exec probes as its
// image's behaviour says, keeps its logs, and knows when it will exit by itself. Images that are
// shell scripts run in the busybox sh of shell.ts, twice: a "scout" copy runs ahead in virtual time
// to find out when the script will exit, and the real one is advanced only as far as the present
// when something looks at it (an exec probe, kubectl logs), so reading a file never sees the future.
// A script that is over by the time the kubelet first asks (`echo done`) needs no scout: the real
// process, run up to the present, has already told when it exits.
import type { ContainerFs, ShellProcess } from './shell.ts';
import { runExec, startProcess } from './shell.ts';
import { httpStableUntil, httpStatus, type HttpAnswer, type ImageBehaviour } from './images.ts';

export interface LogLine {
  atMs: number;
  text: string;
}

/** A run of requests a prober sent every `periodMs` from `firstMs` (through `lastMs`, or still going). */
interface RequestSeries {
  firstMs: number;
  periodMs: number;
  lastMs?: number;
  client: string;
}

/** How far ahead the scout runs a script at a time, looking for its exit. */
const SCOUT_HORIZON_MS = 60 * 60 * 1000;

export type ProbeAnswer = { ok: true; output: string } | { ok: false; output: string };

export class ContainerInstance {
  state: 'running' | 'exited' = 'running';
  exitCode?: number;
  reason?: string;
  finishedAtMs?: number;
  message?: string;
  /** The log, oldest first (no lines: a shared empty list, replaced by the first line). */
  private logs: LogLine[] = NO_LINES;
  /** The probers' request series (none: a shared empty list, replaced by the first one). */
  private series: RequestSeries[] = NO_SERIES;
  private requestCount = 0;
  private readonly fs: ContainerFs = new ContainerFiles();
  private readonly real?: ShellProcess;
  /** Started when first needed (nextExit), from the container's files as they were at its start. */
  private scout?: ShellProcess;
  private scoutExit?: { atMs: number; exitCode: number };
  /** An exec ran in the container: its files are no longer only the script's doing. */
  private execed = false;

  constructor(
    readonly id: string,
    readonly behaviour: ImageBehaviour,
    readonly startedAtMs: number,
    readonly podIp: string,
    private readonly argv: string[] | undefined,
    private readonly env: Record<string, string>,
    /** Directories the container's volumes are mounted on: they exist from the start. */
    private readonly mountPaths: readonly string[] = [],
  ) {
    const lines = behaviour.logs;
    if (lines) for (let i = 0; i < lines.length; i++) this.log(startedAtMs, lines[i]);
    for (let i = 0; i < mountPaths.length; i++) this.fs.files.set(mountKey(mountPaths[i]), '');
    if (argv) this.real = startProcess(argv, this.fs, startedAtMs, env);
  }

  /**
   * When the main process exits by itself, if it does before `horizonMs`: for behaviours with a
   * fixed run time, or found by the scout. `undefined` with `recheckAtMs` means "not before then".
   */
  nextExit(nowMs: number): { atMs: number; exitCode: number } | { recheckAtMs: number } | undefined {
    if (this.behaviour.exitAfterMs !== undefined && !this.real) {
      return { atMs: this.startedAtMs + this.behaviour.exitAfterMs, exitCode: this.behaviour.exitCode ?? 0 };
    }
    if (!this.real) return undefined;
    if (this.scoutExit) return this.scoutExit;
    if (!this.scout && !this.execed) {
      // Until an exec touches its files, the real process does what a scout would (the same
      // program from the same files and environment, deterministic), and running it as far as the
      // present is unseen: whatever reads its files or logs first brings it to the present anyway,
      // and its output waits in the process until then. If it has exited by now, that is the exit.
      const now = this.real.advance(nowMs);
      if (now.state === 'exited') {
        this.scoutExit = { atMs: now.atMs, exitCode: now.exitCode };
        return this.scoutExit;
      }
    }
    if (!this.scout) {
      const files = new Map<string, string>();
      for (const p of this.mountPaths) files.set(mountKey(p), '');
      this.scout = startProcess(this.argv!, { files }, this.startedAtMs, this.env);
    }
    const horizon = nowMs + SCOUT_HORIZON_MS;
    const r = this.scout.advance(horizon);
    this.scout.takeOutput();
    if (r.state === 'exited') {
      this.scoutExit = { atMs: r.atMs, exitCode: r.exitCode };
      return this.scoutExit;
    }
    return { recheckAtMs: horizon };
  }

  /** Brings the real process up to `nowMs`: its files and its output. */
  private catchUp(nowMs: number): void {
    if (!this.real || this.state === 'exited') return;
    this.real.advance(nowMs);
    const output = this.real.takeOutput();
    for (let i = 0; i < output.length; i++) this.log(output[i].atMs, output[i].text);
  }

  private log(atMs: number, text: string): void {
    // A first line makes a list of one (a push onto an empty list allocates room for sixteen).
    if (this.logs.length === 0) this.logs = [{ atMs, text }];
    else this.logs.push({ atMs, text });
  }

  /** The process ends: by itself, by SIGTERM or by SIGKILL (or never started: StartError). */
  exit(atMs: number, exitCode: number, reason?: string, message?: string): void {
    this.catchUp(atMs);
    this.real?.kill(atMs);
    this.closeRequests(atMs);
    this.state = 'exited';
    this.exitCode = exitCode;
    // containerd's reasons (internal/cri/server/helpers.go): Completed for 0, Error otherwise.
    this.reason = reason ?? (exitCode === 0 ? 'Completed' : 'Error');
    this.message = message;
    this.finishedAtMs = atMs;
  }

  private listening(nowMs: number): boolean {
    return this.state === 'running' && nowMs - this.startedAtMs >= (this.behaviour.listenAfterMs ?? 0);
  }

  private servesHttp(port: number): { port: number; answers: HttpAnswer[] } | undefined {
    return this.behaviour.http?.find((p) => p.port === port);
  }

  /** An HTTP GET from the kubelet (a probe): its answer, as prober.go words the outcome. */
  httpGet(port: number, path: string, nowMs: number, client: string): ProbeAnswer {
    const served = this.servesHttp(port);
    if (!served || !this.listening(nowMs)) return { ok: false, output: refused(`Get "http://${this.podIp}:${port}${path}": dial tcp ${this.podIp}:${port}`) };
    this.requestCount++;
    if (this.behaviour.requestLog) this.log(nowMs, this.behaviour.requestLog.replace('{client}', client));
    const status = httpStatus(served.answers, path, this.requestCount + this.seriesCount(nowMs), nowMs - this.startedAtMs);
    // pkg/probe/http/http.go: 200 <= code < 400 succeeds; the failure output names the code only.
    if (status >= 200 && status < 400) return { ok: true, output: '' };
    return { ok: false, output: `HTTP probe failed with statuscode: ${status}` };
  }

  /**
   * The time until which HTTP GETs of `path` on `port` will keep this outcome, so a prober may
   * stop sending them one by one and record a series instead (Infinity: forever).
   */
  httpStableUntil(port: number, path: string, nowMs: number): number {
    const served = this.servesHttp(port);
    const listenAt = this.startedAtMs + (this.behaviour.listenAfterMs ?? 0);
    if (!served) return Infinity;
    if (nowMs < listenAt) return listenAt;
    return this.startedAtMs + httpStableUntil(served.answers, path, this.requestCount + this.seriesCount(nowMs), nowMs - this.startedAtMs);
  }

  /** A TCP connect (pkg/probe/tcp/tcp.go). */
  tcpConnect(port: number, nowMs: number): ProbeAnswer {
    const open = this.behaviour.http?.some((p) => p.port === port) || this.behaviour.tcp?.includes(port);
    if (!open || !this.listening(nowMs)) return { ok: false, output: refused(`dial tcp ${this.podIp}:${port}`) };
    return { ok: true, output: '' };
  }

  tcpStableUntil(nowMs: number): number {
    const listenAt = this.startedAtMs + (this.behaviour.listenAfterMs ?? 0);
    return nowMs < listenAt ? listenAt : Infinity;
  }

  /** An exec in the container (pkg/probe/exec/exec.go): exit 0 succeeds; the output is stdout and stderr. */
  exec(argv: string[], nowMs: number, timeoutMs: number): ProbeAnswer {
    this.catchUp(nowMs);
    this.execed = true;
    const r = runExec(argv, this.fs, nowMs, timeoutMs, this.env);
    // pkg/kubelet/cri/remote/remote_runtime.go: a timed-out exec fails with this output.
    if (r.timedOut) return { ok: false, output: `command "${argv.join(' ')}" timed out` };
    return r.exitCode === 0 ? { ok: true, output: r.output } : { ok: false, output: r.output.trimEnd() };
  }

  /** Until when an exec sees the same files: the script's next wake, or forever for a static image. */
  execStableUntil(nowMs: number): number {
    if (!this.real) return Infinity;
    this.catchUp(nowMs);
    const r = this.real.advance(nowMs);
    return r.state === 'running' ? (r.nextWakeMs ?? Infinity) : Infinity;
  }

  /** A prober will send a request every `periodMs` from `firstMs` on without asking for each. */
  openRequests(firstMs: number, periodMs: number, client: string): void {
    if (this.series.length === 0) this.series = [{ firstMs, periodMs, client }];
    else this.series.push({ firstMs, periodMs, client });
  }

  /** The open series stops: its last request was the last one due before `atMs`. */
  closeRequests(atMs: number): void {
    const series = this.series;
    for (let i = 0; i < series.length; i++) if (series[i].lastMs === undefined) series[i].lastMs = atMs - 1;
  }

  private seriesCount(nowMs: number): number {
    const series = this.series;
    let n = 0;
    for (let i = 0; i < series.length; i++) n += countTicks(series[i], nowMs);
    return n;
  }

  /** The container's log up to `nowMs` (kubectl logs), oldest first. */
  logLines(nowMs: number): LogLine[] {
    this.catchUp(nowMs);
    const lines = this.logs.filter((l) => l.atMs <= nowMs);
    if (this.behaviour.requestLog) {
      for (const s of this.series) {
        const n = countTicks(s, nowMs);
        for (let i = 0; i < n; i++) lines.push({ atMs: s.firstMs + i * s.periodMs, text: this.behaviour.requestLog.replace('{client}', s.client) });
      }
      lines.sort((a, b) => a.atMs - b.atMs);
    }
    return lines;
  }
}

/**
 * A container's files, whose table is made when they are first read or written: a process that
 * replays its script's first run (`echo done`) never looks at them, and most containers are
 * never exec'ed into.
 */
class ContainerFiles implements ContainerFs {
  private table: Map<string, string> | undefined = undefined;

  get files(): Map<string, string> {
    return (this.table ??= new Map());
  }
}

const NO_LINES: LogLine[] = Object.freeze([]) as unknown as LogLine[];
const NO_SERIES: RequestSeries[] = Object.freeze([]) as unknown as RequestSeries[];

/** A volume's mount path as a directory key of the container's files. */
function mountKey(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/** Requests of a series sent by `nowMs` (inclusive). */
function countTicks(s: RequestSeries, nowMs: number): number {
  const end = Math.min(nowMs, s.lastMs ?? Infinity);
  return end < s.firstMs ? 0 : Math.floor((end - s.firstMs) / s.periodMs) + 1;
}

/** Go's net error text for a refused connection. */
function refused(prefix: string): string {
  return `${prefix}: connect: connection refused`;
}

const SHELLS: ReadonlySet<string> = new Set(['sh', '/bin/sh', 'bash', '/bin/bash', 'ash', '/bin/ash']);

/**
 * What a container runs (the CRI's resolution of ENTRYPOINT/CMD against command/args): the
 * image's script, or the pod's command for images that run one (busybox), or a shell command
 * given to any image. Undefined for servers whose behaviour is data only.
 */
export function containerArgv(behaviour: ImageBehaviour, command: readonly string[] | undefined, args: readonly string[] | undefined): string[] | undefined {
  const shells = SHELLS;
  if (command?.length) {
    if (behaviour.runsCommand || behaviour.command || shells.has(command[0])) return args?.length ? [...command, ...args] : [...command];
    return undefined;
  }
  if (behaviour.runsCommand) {
    // busybox: args replace the image's CMD (`sh`); there is no ENTRYPOINT.
    return args?.length ? [...args] : [...(behaviour.command ?? ['sh'])];
  }
  if (behaviour.command) return [...behaviour.command];
  // A server image given a shell as its arguments (args: [sh, -c, ...]) runs that shell.
  if (args?.length && shells.has(args[0])) return [...args];
  return undefined;
}
