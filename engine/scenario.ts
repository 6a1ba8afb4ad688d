// The engine's face toward a test harness: one Scenario per Gherkin scenario. It collects the
// cluster's set-up (nodes, start time, seed, capacity) until the first step that needs the
// cluster, then builds it; afterwards every step is one call here. It knows nothing of cucumber.
import { Cluster, DEFAULT_START_TIME } from './cluster.ts';
import { UserError } from './errors.ts';
import { parseDuration } from './duration.ts';
import { runKubectl, type KubectlIO, type KubectlResult } from './kubectl/kubectl.ts';
import { shellSplit } from './kubectl/flags.ts';
import { podStatusReason } from './kubectl/printers.ts';
import { parseSelector } from './api/labels.ts';
import { parseQuantity } from './api/quantity.ts';
import { humanDuration } from './kubectl/duration.ts';
import { toRfc3339 } from './clock.ts';
import type { NodeCapacity } from './nodes.ts';
import type { ImageCatalog } from './kubelet/images.ts';

export interface ScenarioOptions {
  seed: number;
  /** Reads a manifest named by a step or a `kubectl -f`, relative to the scenario's feature file. */
  readFile: (path: string) => string | undefined;
  /** Deep-freeze stored objects (on in tests). */
  freezeObjects?: boolean;
  /** Keep the cluster's trace for reports (default on). */
  trace?: boolean;
}

const DEFAULT_NODES = ['m01', 'm02', 'm03'];

export class Scenario {
  private built?: Cluster;
  private nodeNames?: string[];
  private startTime = DEFAULT_START_TIME;
  private capacity: Partial<NodeCapacity> = {};
  private readonly nodeCapacity = new Map<string, Partial<NodeCapacity>>();
  private seed: number;
  last?: KubectlResult & { command: string };
  private readonly variables = new Map<string, string>();
  private readonly imageChanges: ((catalog: ImageCatalog) => void)[] = [];

  constructor(private readonly options: ScenarioOptions) {
    this.seed = options.seed;
  }

  get seedValue(): number {
    return this.seed;
  }

  get isBuilt(): boolean {
    return this.built !== undefined;
  }

  // ---- set-up (before the cluster exists) ---------------------------------------------------

  useNodes(names: string[]): void {
    this.beforeBuild('the cluster\'s nodes');
    const seen = new Set<string>();
    for (const n of names) {
      if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n)) throw new UserError(`"${n}" is not a valid node name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`);
      if (seen.has(n)) throw new UserError(`node "${n}" is named twice`);
      seen.add(n);
    }
    this.nodeNames = names;
  }

  useNodeCount(count: number): void {
    if (!Number.isInteger(count) || count < 0 || count > 5000) throw new UserError(`a cluster needs 0 to 5000 nodes, not ${count}`);
    this.useNodes(Array.from({ length: count }, (_, i) => `m${String(i + 1).padStart(2, '0')}`));
  }

  useStartTime(rfc3339: string): void {
    this.beforeBuild('the start time');
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(rfc3339) || Number.isNaN(Date.parse(rfc3339))) {
      throw new UserError(`"${rfc3339}" is not an RFC 3339 time such as "2020-06-07T22:00:00Z"`);
    }
    this.startTime = rfc3339;
  }

  useSeed(seed: number): void {
    this.beforeBuild('the seed');
    this.seed = seed;
  }

  /** `cpu=2,memory=4Gi,pods=20` for every node, or for one. */
  useCapacity(spec: string, node?: string): void {
    this.beforeBuild('node capacity');
    const parsed: Partial<NodeCapacity> = {};
    for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [k, v] = part.split('=');
      if (!['cpu', 'memory', 'pods', 'ephemeral-storage'].includes(k)) throw new UserError(`unknown node resource "${k}" in "${spec}": use cpu, memory, pods or ephemeral-storage`);
      try {
        parseQuantity(v ?? '');
      } catch (e) {
        if (e instanceof UserError) throw new UserError(`${e.message}: "${v ?? ''}" in "${spec}"`);
        throw e;
      }
      parsed[k as keyof NodeCapacity] = v;
    }
    if (node === undefined) this.capacity = { ...this.capacity, ...parsed };
    else this.nodeCapacity.set(node, { ...this.nodeCapacity.get(node), ...parsed });
  }

  /**
   * `Given image "my/app" answers 500 on "/health" after 2 minutes`: that path on every HTTP port
   * of the image answers 200 until then and the status after.
   */
  imageAnswersAfter(image: string, status: number, path: string, afterText: string): void {
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new UserError(`${status} is not an HTTP status code`);
    if (!path.startsWith('/')) throw new UserError(`"${path}" is not a URL path: it must start with /`);
    const afterMs = parseStepDuration(afterText);
    this.configureImages((catalog) => catalog.answerAfter(image, status, path, afterMs));
  }

  /** An image catalog file (features/images.yaml): image name to behaviour. */
  loadImageCatalog(text: string, fileName: string): void {
    this.configureImages((catalog) => catalog.loadFile(text, fileName));
  }

  /** Changes the image catalog now, or when the cluster is built. */
  private configureImages(change: (catalog: ImageCatalog) => void): void {
    if (this.built) change(this.built.kubelets.images);
    else this.imageChanges.push(change);
  }

  private beforeBuild(what: string): void {
    if (this.built) throw new UserError(`${what} must be set before the cluster is used: move this step before the first step that acts on the cluster`);
  }

  /** The cluster, built on first use with the set-up so far (three nodes m01..m03 by default). */
  get cluster(): Cluster {
    if (!this.built) {
      const c = new Cluster({ seed: this.seed, startTime: this.startTime, freezeObjects: this.options.freezeObjects ?? true, trace: this.options.trace });
      for (const change of this.imageChanges) change(c.kubelets.images);
      const base = { ...c.nodeCapacity, ...this.capacity };
      for (const n of this.nodeCapacity.keys()) if (!(this.nodeNames ?? DEFAULT_NODES).includes(n)) throw new UserError(`node "${n}" is not in the cluster (its nodes are ${(this.nodeNames ?? DEFAULT_NODES).join(', ')})`);
      for (const name of this.nodeNames ?? DEFAULT_NODES) {
        c.nodeCapacity = { ...base, ...this.nodeCapacity.get(name) };
        c.addNode(name);
      }
      c.nodeCapacity = base;
      this.built = c;
    }
    return this.built;
  }

  // ---- actions -----------------------------------------------------------------------------

  /** Runs a kubectl command line (split as a shell would) and keeps its result. */
  kubectl(commandLine: string, stdin?: string): KubectlResult {
    const argv = shellSplit(commandLine);
    const io: KubectlIO = { readFile: this.options.readFile, stdin };
    const result = runKubectl(this.cluster, argv, io);
    this.last = { ...result, command: commandLine };
    return result;
  }

  /** Runs a kubectl command for a report: its result is not kept as the last command the steps check. */
  look(commandLine: string): KubectlResult {
    return runKubectl(this.cluster, shellSplit(commandLine), { readFile: () => undefined, lookOnly: true });
  }

  /**
   * Runs a command as a user would type it in a shell where only kubectl is installed. Shell
   * variables work as learners use them: `POD=$(kubectl get pods -o name)` keeps the output
   * (trimmed) in POD, and `$POD` or `${POD}` outside single quotes is replaced by it.
   */
  run(commandLine: string): KubectlResult {
    const assignment = /^\s*([A-Za-z_][A-Za-z0-9_]*)=\$\((.*)\)\s*$/.exec(commandLine);
    if (assignment) {
      const result = this.run(assignment[2]);
      if (result.exitCode === 0) this.variables.set(assignment[1], result.stdout.trim());
      return result;
    }
    const expanded = expandVariables(commandLine, this.variables);
    const word = expanded.trim().split(/\s+/)[0];
    if (word !== 'kubectl') throw new UserError(`only kubectl commands can be run in a scenario, not "${word}"`);
    return this.kubectl(expanded);
  }

  /**
   * The seed's Deployment (kubia-deployment.yaml) with another name and replica count, created
   * and then waited for until its rollout is complete, as `kubectl rollout status` waits: a Given
   * describes a state the cluster has reached.
   */
  givenDeployment(name: string, replicas: number): KubectlResult {
    if (!Number.isInteger(replicas) || replicas < 0) throw new UserError(`a Deployment needs 0 or more replicas, not ${replicas}`);
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name, image: 'luksa/kubia', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] },
        },
      },
    };
    const applied = this.applyManifest(JSON.stringify(manifest));
    if (applied.exitCode !== 0) return applied;
    return this.kubectl(`kubectl rollout status deployment/${name}`);
  }

  /** Applies a manifest given inline: `kubectl apply -f -`. */
  applyManifest(text: string): KubectlResult {
    return this.kubectl('kubectl apply -f -', text);
  }

  /** Applies a manifest file: `kubectl apply -f <path>`. */
  applyFile(path: string): KubectlResult {
    if (this.options.readFile(path) === undefined) throw new UserError(`manifest file "${path}" not found (looked beside the feature file, then in features/manifests/)`);
    return this.kubectl(`kubectl apply -f '${path.replace(/'/g, "'\\''")}'`);
  }

  /** `5 minutes`, `1 minute`, `90 seconds`, `2 hours`, `1h30m`: lets that much virtual time pass. */
  pass(durationText: string): void {
    this.cluster.advance(parseStepDuration(durationText));
  }

  /**
   * The kube-controller-manager is down for that long, then starts again: meanwhile no
   * controller acts (CronJobs miss their times, nothing replaces a pod) while the scheduler and
   * the kubelets go on; back, every controller relists what it manages, as after a restart.
   */
  controllerManagerDownFor(durationText: string): void {
    const ms = parseStepDuration(durationText);
    const cluster = this.cluster;
    cluster.stopControllerManager();
    cluster.advance(ms);
    cluster.startControllerManager();
  }

  // ---- queries -----------------------------------------------------------------------------

  /** Pods whose kubectl STATUS is `status`, optionally matching a label selector. */
  countPods(status: string, selector?: string): number {
    const sel = selector !== undefined ? parseSelector(selector) : undefined;
    return this.cluster.store
      .list('Pod')
      .filter((p) => (!sel || sel.matches(p.metadata.labels as Record<string, string> | undefined)) && podStatusReason(p as never) === status).length;
  }

  /** What a failing step shows: where in time we are, the pods, the recent events and how to rerun. */
  describeState(eventCount = 15): string {
    if (!this.built) return `(the cluster was not built yet; seed ${this.seed})`;
    const c = this.built;
    const now = c.nowMs();
    const pods = runKubectl(c, ['get', 'pods', '-o', 'wide', '-A'], { readFile: () => undefined });
    const events = c.store.list('Event').slice();
    events.sort((a, b) => String((a as { lastTimestamp?: string }).lastTimestamp).localeCompare(String((b as { lastTimestamp?: string }).lastTimestamp)));
    const recent = events.slice(-eventCount).map((e) => {
      const ev = e as unknown as { lastTimestamp: string; type: string; reason: string; involvedObject: { kind: string; name: string }; message: string; count?: number };
      const age = humanDuration(now - Date.parse(ev.lastTimestamp));
      return `  ${age.padEnd(6)} ${ev.type.padEnd(8)} ${ev.reason.padEnd(18)} ${ev.involvedObject.kind.toLowerCase()}/${ev.involvedObject.name}: ${ev.message}${(ev.count ?? 1) > 1 ? ` (x${ev.count})` : ''}`;
    });
    return [
      `virtual time: ${toRfc3339(now)} (+${humanDuration(now - c.startMs)} since the start), seed ${this.seed}`,
      '$ kubectl get pods -o wide -A',
      (pods.stdout || pods.stderr).trimEnd(),
      `recent events (${recent.length}):`,
      ...(recent.length ? recent : ['  <none>']),
    ].join('\n');
  }
}

/** Replaces `$NAME` and `${NAME}` outside single quotes, as sh does; an unset variable is an error here. */
function expandVariables(line: string, variables: Map<string, string>): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return out + line.slice(i);
      out += line.slice(i, end + 1);
      i = end;
      continue;
    }
    const m = c === '$' ? /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(line.slice(i)) : null;
    if (!m) {
      out += c;
      continue;
    }
    const name = m[1] ?? m[2];
    const value = variables.get(name);
    if (value === undefined) throw new UserError(`$${name} is not set: set it first with a step such as When I run "${name}=$(kubectl get pods -o name)"`);
    out += value;
    i += m[0].length - 1;
  }
  return out;
}

const WORD_UNITS_MS: Record<string, number> = {
  millisecond: 1, milliseconds: 1,
  second: 1000, seconds: 1000,
  minute: 60_000, minutes: 60_000,
  hour: 3_600_000, hours: 3_600_000,
  day: 86_400_000, days: 86_400_000,
};

/** Parses the duration of a `When … pass` step, with a clear error for anything else. */
export function parseStepDuration(text: string): number {
  const t = text.trim();
  const words = /^(-?\d+(?:\.\d+)?)\s+([a-z]+)$/.exec(t);
  if (words) {
    const n = Number(words[1]);
    const unit = WORD_UNITS_MS[words[2]];
    if (unit === undefined) throw new UserError(`unknown unit "${words[2]}" in "${t}": use milliseconds, seconds, minutes, hours or days, or a Go duration such as 1h30m`);
    if (n < 0) throw new UserError(`time can only move forward: "${t}" is negative`);
    return n * unit;
  }
  if (/^[-+]?(\d+(\.\d*)?[a-zµμ]+)+$/.test(t)) {
    const ms = parseDuration(t);
    if (ms < 0) throw new UserError(`time can only move forward: "${t}" is negative`);
    return ms;
  }
  throw new UserError(`"${t}" is not a duration: write "5 minutes", "90 seconds", "2 hours" or a Go duration such as 1h30m`);
}
