// What the simulated container runtime knows about images: data, not code. Each entry says how a
// container of that image behaves: what it prints, how it answers on which port and path over
// time, when it exits and with what code, and what it does on SIGTERM. Scenarios add or override
// entries per image (a catalog file, a step) and per pod (an annotation), so a spec can describe
// any application.
import { load } from 'js-yaml';
import { UserError } from '../errors.ts';
import { parseDuration } from '../duration.ts';
import { deepFreeze } from '../util/freeze.ts';
import { Memo } from '../util/memo.ts';

/** One phase of how a port answers: for the first `requests` requests, or for `forMs` after start, or from then on. */
export interface HttpAnswer {
  status: number;
  /** Only requests to this path; without it, every path. */
  path?: string;
  /** This answer holds for the first N requests (counted over the container's life). */
  requests?: number;
  /** This answer holds for this long after the container started. */
  forMs?: number;
}

export interface ImageBehaviour {
  /** Reported in the `Pulled` event, as the runtime reports the unpacked size. */
  sizeBytes: number;
  /**
   * What the main process does on SIGTERM: exit with a code, die of the signal (143), or ignore it
   * as a PID 1 without a handler does (a node server, a shell script), to be killed with SIGKILL
   * (137) when the grace period ends.
   */
  sigterm: 'exit' | 'die' | 'ignore';
  /** The image's ENTRYPOINT + CMD, for images that are shell scripts (run by the busybox sh in engine/kubelet/shell.ts). */
  command?: string[];
  /** Whether the container's `command`/`args` are run as a program (busybox-like images). */
  runsCommand?: boolean;
  /** Lines printed at start. */
  logs?: string[];
  /** A line printed for every HTTP request; `{client}` is the caller's address. */
  requestLog?: string;
  /** Ports served over HTTP (a TCP connect to them succeeds too) and how they answer. */
  http?: { port: number; answers: HttpAnswer[] }[];
  /** Ports that accept TCP connections only. */
  tcp?: number[];
  /** How long after start the ports begin to accept connections. */
  listenAfterMs?: number;
  /** The process exits by itself after this long, with this code. */
  exitAfterMs?: number;
  exitCode?: number;
  /** Behaviours chosen by the container's first argument (agnhost's `liveness`, `netexec`, …). */
  variants?: Record<string, Partial<ImageBehaviour>>;
}

const KUBIA: ImageBehaviour = {
  // luksa/kubia's app.js: a node server on 8080 that logs every request.
  sizeBytes: 660_092_648,
  sigterm: 'ignore',
  logs: ['Kubia server starting...'],
  requestLog: 'Received request from ::ffff:{client}',
  http: [{ port: 8080, answers: [{ status: 200 }] }],
};

const KUBIA_UNHEALTHY: ImageBehaviour = {
  // luksa/kubia-unhealthy: the same server answering 500 from the sixth request on.
  ...KUBIA,
  sizeBytes: 660_092_656,
  http: [{ port: 8080, answers: [{ status: 200, requests: 5 }, { status: 500 }] }],
};

const BATCH_JOB: ImageBehaviour = {
  // The book's batch-job Dockerfile: FROM busybox, ENTRYPOINT as below.
  sizeBytes: 1_231_512,
  sigterm: 'ignore',
  command: ['/bin/sh', '-c', 'echo "$(date) Batch job starting"; sleep 120; echo "$(date) Finished succesfully"'],
};

const SSD_MONITOR: ImageBehaviour = {
  // The book's ssd-monitor Dockerfile: FROM busybox, ENTRYPOINT as below.
  sizeBytes: 1_231_512,
  sigterm: 'ignore',
  command: ['/bin/sh', '-c', "while true; do echo 'SSD OK'; sleep 5; done"],
};

const BUSYBOX: ImageBehaviour = { sizeBytes: 4_269_694, sigterm: 'ignore', runsCommand: true, command: ['sh'] };

/** The built-in catalog. Keys are repositories without registry defaults, tag or digest. */
export const IMAGE_CATALOG: Readonly<Record<string, ImageBehaviour>> = {
  'luksa/kubia': KUBIA,
  'idealism/kubia': KUBIA,
  'luksa/kubia-unhealthy': KUBIA_UNHEALTHY,
  'idealism/kubia-unhealthy': KUBIA_UNHEALTHY,
  'luksa/batch-job': BATCH_JOB,
  'idealism/batch-job': BATCH_JOB,
  'luksa/ssd-monitor': SSD_MONITOR,
  'idealism/ssd-monitor': SSD_MONITOR,
  // nginx answers 200 on port 80 and shuts down quickly on SIGTERM (exit 0).
  nginx: { sizeBytes: 72_195_292, sigterm: 'exit', http: [{ port: 80, answers: [{ status: 200 }] }] },
  // busybox runs its command; its default command is `sh`, which exits at once without a terminal.
  // As PID 1, sh has no SIGTERM handler, so a kill waits out the grace period.
  busybox: BUSYBOX,
  'registry.k8s.io/busybox': BUSYBOX,
  // agnhost (the Kubernetes docs' and e2e tests' image) behaves as its first argument says.
  'registry.k8s.io/e2e-test-images/agnhost': {
    sizeBytes: 51_213_284,
    sigterm: 'die',
    variants: {
      // `agnhost liveness`: /healthz answers 200 for the first 10 seconds, then 500 (test/images/agnhost/liveness).
      liveness: { http: [{ port: 8080, answers: [{ status: 200, forMs: 10_000 }, { status: 500 }] }] },
      // `agnhost netexec`: an HTTP server on 8080.
      netexec: { http: [{ port: 8080, answers: [{ status: 200 }] }] },
    },
  },
};

/** An image that is not in any catalog: a well-behaved server answering 200 on the ports the pod declares. */
export const UNKNOWN_IMAGE: ImageBehaviour = { sizeBytes: 10_000_000, sigterm: 'exit' };

/** `docker.io/library/nginx:1.27` → `nginx`. */
export function imageRepository(image: string): string {
  return repositories.get(image);
}

/** imageRepository's answers by image: every container start asks, mostly for a few images. */
const repositories = new Memo<string>(1000, parseRepository);

function parseRepository(image: string): string {
  let s = image.split('@')[0];
  const lastSlash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > lastSlash) s = s.slice(0, colon);
  return s.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '').replace(/^k8s\.gcr\.io\//, 'registry.k8s.io/');
}

/** The catalog a cluster uses: the built-in one plus what scenarios added. */
export class ImageCatalog {
  private readonly entries = new Map<string, ImageBehaviour>(Object.entries(IMAGE_CATALOG));

  /** Adds to or overrides the entry of `image` (any tag: the repository is the key). */
  define(image: string, behaviour: Partial<ImageBehaviour>): void {
    const repo = imageRepository(image);
    this.entries.set(repo, { ...(this.entries.get(repo) ?? UNKNOWN_IMAGE), ...behaviour });
  }

  /** Makes `path` on every HTTP port of `image` answer `status` from `afterMs` after start on (200 before). */
  answerAfter(image: string, status: number, path: string, afterMs: number): void {
    const repo = imageRepository(image);
    const current = this.entries.get(repo) ?? UNKNOWN_IMAGE;
    const ports = current.http?.length ? current.http : [{ port: 8080, answers: [{ status: 200 }] }];
    const http = ports.map((p) => ({
      port: p.port,
      answers: [...(afterMs > 0 ? [{ status: 200, path, forMs: afterMs }] : []), { status, path }, ...p.answers],
    }));
    this.define(image, { http });
  }

  /** How a container of `image` with `args` behaves; `override` comes from the pod's annotation. */
  resolve(image: string, args: readonly string[] | undefined, override?: Partial<ImageBehaviour>): ImageBehaviour {
    const base = this.entries.get(imageRepository(image)) ?? UNKNOWN_IMAGE;
    const variant = args?.[0] !== undefined ? base.variants?.[args[0]] : undefined;
    // Behaviours are only read (a catalog entry is replaced, never changed): without a variant or
    // an override, the entry itself serves rather than a copy of it per container.
    if (variant === undefined && override === undefined) return base;
    return { ...base, ...variant, ...override };
  }

  /** Reads a catalog file (YAML: image → behaviour, durations as `10s`), for `features/images.yaml`. */
  loadFile(text: string, fileName: string): void {
    const doc = parseCatalogText(text, fileName);
    if (doc === null || doc === undefined) return;
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new UserError(`${fileName}: an image catalog is a map of image name to behaviour`);
    for (const [image, raw] of Object.entries(doc as Record<string, unknown>)) this.define(image, parseBehaviour(raw, `${fileName}: ${image}`));
  }
}

/**
 * Catalog texts parsed so far (every scenario of a suite reads the same features/images.yaml).
 * The parsed documents are frozen and only read: parseBehaviour builds new objects from them.
 * A text that does not parse is not kept; it fails again, with the same message, each time.
 */
const parsedCatalogs = new Map<string, unknown>();

function parseCatalogText(text: string, fileName: string): unknown {
  if (parsedCatalogs.has(text)) return parsedCatalogs.get(text);
  let doc: unknown;
  try {
    doc = load(text);
  } catch (e) {
    throw new UserError(`error parsing ${fileName}: ${(e as Error).message.split('\n')[0]}`);
  }
  deepFreeze(doc);
  parsedCatalogs.set(text, doc);
  return doc;
}


const BEHAVIOUR_FIELDS = new Set(['size', 'sigterm', 'command', 'runsCommand', 'logs', 'requestLog', 'http', 'tcp', 'listenAfter', 'exitAfter', 'exitCode']);

/**
 * A behaviour written as data (catalog file or the `kube-scenarios.io/behaviour` annotation):
 * `{sigterm: ignore, logs: [...], http: [{port: 8080, answers: [{status: 200, for: 10s}, {status: 500}]}], exitAfter: 2m, exitCode: 1}`.
 */
export function parseBehaviour(raw: unknown, where: string): Partial<ImageBehaviour> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError(`${where}: a behaviour is a map of fields`);
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (!BEHAVIOUR_FIELDS.has(k)) throw new UserError(`${where}: unknown field "${k}"; known fields: ${[...BEHAVIOUR_FIELDS].join(', ')}`);
  }
  const out: Partial<ImageBehaviour> = {};
  const duration = (v: unknown, field: string) => {
    if (typeof v === 'number') return v * 1000;
    if (typeof v === 'string') return parseDuration(v);
    throw new UserError(`${where}: ${field} must be a duration such as 10s or 2m`);
  };
  if (r.size !== undefined) out.sizeBytes = Number(r.size);
  if (r.sigterm !== undefined) {
    if (r.sigterm !== 'exit' && r.sigterm !== 'die' && r.sigterm !== 'ignore') throw new UserError(`${where}: sigterm must be exit, die or ignore, not ${JSON.stringify(r.sigterm)}`);
    out.sigterm = r.sigterm;
  }
  if (r.command !== undefined) out.command = stringList(r.command, `${where}: command`);
  if (r.runsCommand !== undefined) out.runsCommand = r.runsCommand === true;
  if (r.logs !== undefined) out.logs = stringList(r.logs, `${where}: logs`);
  if (r.requestLog !== undefined) out.requestLog = String(r.requestLog);
  if (r.tcp !== undefined) out.tcp = (r.tcp as unknown[]).map(Number);
  if (r.listenAfter !== undefined) out.listenAfterMs = duration(r.listenAfter, 'listenAfter');
  if (r.exitAfter !== undefined) out.exitAfterMs = duration(r.exitAfter, 'exitAfter');
  if (r.exitCode !== undefined) out.exitCode = Number(r.exitCode);
  if (r.http !== undefined) {
    if (!Array.isArray(r.http)) throw new UserError(`${where}: http is a list of {port, answers}`);
    out.http = r.http.map((p, i) => {
      const port = Number((p as Record<string, unknown>).port);
      const answers = (p as Record<string, unknown>).answers;
      if (!Number.isInteger(port) || !Array.isArray(answers)) throw new UserError(`${where}: http[${i}] needs a port and a list of answers`);
      return {
        port,
        answers: answers.map((a) => {
          const x = a as Record<string, unknown>;
          const answer: HttpAnswer = { status: Number(x.status) };
          if (x.path !== undefined) answer.path = String(x.path);
          if (x.requests !== undefined) answer.requests = Number(x.requests);
          if (x.for !== undefined) answer.forMs = duration(x.for, 'for');
          return answer;
        }),
      };
    });
  }
  return out;
}

function stringList(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' || typeof x === 'number')) throw new UserError(`${where} must be a list of strings`);
  return v.map(String);
}

/** How a container answers an HTTP GET at `elapsedMs` after start as its `requestNumber`-th request. */
export function httpStatus(answers: readonly HttpAnswer[], path: string, requestNumber: number, elapsedMs: number): number {
  const relevant = answers.filter((a) => a.path === undefined || a.path === path);
  let requestsBefore = 0;
  for (const a of relevant) {
    if (a.requests !== undefined) {
      if (requestNumber <= requestsBefore + a.requests) return a.status;
      requestsBefore += a.requests;
      continue;
    }
    if (a.forMs !== undefined) {
      if (elapsedMs < a.forMs) return a.status;
      continue;
    }
    return a.status;
  }
  // No answer matches (a path nobody serves): the servers in the catalog answer 404 then.
  return 404;
}

/** Which answer phase serves the `requestNumber`-th request at `elapsedMs` (-1: none). */
function phaseOf(answers: readonly HttpAnswer[], requestNumber: number, elapsedMs: number): number {
  let requestsBefore = 0;
  for (let i = 0; i < answers.length; i++) {
    const a = answers[i];
    if (a.requests !== undefined) {
      if (requestNumber <= requestsBefore + a.requests) return i;
      requestsBefore += a.requests;
      continue;
    }
    if (a.forMs !== undefined) {
      if (elapsedMs < a.forMs) return i;
      continue;
    }
    return i;
  }
  return -1;
}

/**
 * Until when (ms since start) requests after the `lastRequestNumber`-th keep getting the answer it
 * got: `elapsedMs` when the very next one may differ (a count-based phase), the end of a timed
 * phase, or Infinity for the last phase.
 */
export function httpStableUntil(answers: readonly HttpAnswer[], path: string, lastRequestNumber: number, elapsedMs: number): number {
  const relevant = answers.filter((a) => a.path === undefined || a.path === path);
  const current = phaseOf(relevant, lastRequestNumber, elapsedMs);
  const next = phaseOf(relevant, lastRequestNumber + 1, elapsedMs);
  if (next === -1 || next !== current) return elapsedMs;
  const a = relevant[next];
  if (a.requests !== undefined) return elapsedMs;
  if (a.forMs !== undefined) return a.forMs;
  return Infinity;
}
