// The kubectl of the simulated cluster: parses the real command syntax and prints what kubectl
// v1.32 prints, on stdout and stderr, with its exit code. A command takes no virtual time, except
// `rollout status`, which waits (in virtual time) as the real one does.
import type { Cluster } from '../cluster.ts';
import { ApiError, KubectlError, UserError } from '../errors.ts';
import type { FieldError } from '../errors.ts';
import { renderFieldError } from '../errors.ts';
import { runGet } from './commands/get.ts';
import { runDescribe } from './commands/describe.ts';
import { runApply, runCreate, runDelete } from './commands/apply.ts';
import { runAnnotateOrLabel, runPatch, runScale, runSetImage } from './commands/mutate.ts';
import { runRollout } from './commands/rollout.ts';
import { runRun, runVersion } from './commands/misc.ts';
import { runLogs } from './commands/logs.ts';
import { runCordon, runDrain, runTaint, runUncordon } from './commands/nodes.ts';

export interface KubectlResult {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in the order they were written, as a terminal shows them. */
  output: string;
  exitCode: number;
}

/** Where manifests come from: files (relative to the scenario) and standard input (`-f -`). */
export interface KubectlIO {
  /** Returns the text of a file, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
  stdin?: string;
  /**
   * A report's look at the cluster (`kubectl get` tables after a step), which must not change it:
   * the kubelets' heartbeats and Lease renewals, kept analytically, are not written into the store
   * first. No table a report prints shows them.
   */
  lookOnly?: boolean;
}

/** What a command writes, and the cluster it acts on. */
export class CommandContext {
  private stdout = '';
  private stderr = '';
  private combined = '';
  /** The errors reported so far, printed when the command ends. */
  private readonly errors: { error: unknown; location?: string }[] = [];
  failed = false;

  constructor(
    readonly cluster: Cluster,
    readonly io: KubectlIO,
    readonly command: string,
  ) {}

  /** Writes a line (or lines) to stdout, ending it with a newline. */
  out(text: string): void {
    this.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Writes text to stdout exactly as given (jsonpath output has no newline of its own). */
  write(text: string): void {
    this.stdout += text;
    this.combined += text;
  }

  err(text: string): void {
    const line = text.endsWith('\n') ? text : text + '\n';
    this.stderr += line;
    this.combined += line;
  }

  /**
   * Reports an error and carries on (kubectl's per-object errors), making the command exit 1.
   * kubectl collects these and prints them when the command ends (cmdutil.CheckErr), after all
   * it printed of the objects that worked; `location` is our own line saying where in a manifest
   * the error is.
   */
  fail(error: unknown, location?: string): void {
    // An engine bug surfaces at once rather than when the command ends.
    if (!(error instanceof UserError)) throw error;
    this.failed = true;
    this.errors.push({ error, location });
  }

  /** Ends the command: prints the errors it collected, one or several as kubectl does. */
  result(exitCode: number): KubectlResult {
    const several = this.errors.length > 1;
    for (const { error, location } of this.errors.splice(0)) {
      this.err(formatError(error, several));
      if (location) this.err(location);
    }
    return { stdout: this.stdout, stderr: this.stderr, output: this.combined, exitCode };
  }
}

type Command = (ctx: CommandContext, argv: string[]) => void;

const COMMANDS: Record<string, Command> = {
  get: runGet,
  describe: runDescribe,
  create: runCreate,
  apply: runApply,
  delete: runDelete,
  label: (c, a) => runAnnotateOrLabel(c, a, 'labels'),
  annotate: (c, a) => runAnnotateOrLabel(c, a, 'annotations'),
  scale: runScale,
  set: runSetImage,
  patch: runPatch,
  rollout: runRollout,
  run: runRun,
  version: runVersion,
  logs: runLogs,
  cordon: runCordon,
  uncordon: runUncordon,
  drain: runDrain,
  taint: runTaint,
};

/**
 * Every command kubectl v1.32 offers (`kubectl help`, in cobra's sorted order), the simulated ones
 * and the others, for the suggestions of a mistyped command.
 */
const KUBECTL_COMMANDS = [
  'annotate', 'api-resources', 'api-versions', 'apply', 'attach', 'auth', 'autoscale', 'certificate', 'cluster-info',
  'completion', 'config', 'cordon', 'cp', 'create', 'debug', 'delete', 'describe', 'diff', 'drain', 'edit', 'events',
  'exec', 'explain', 'expose', 'get', 'kustomize', 'label', 'logs', 'options', 'patch', 'plugin', 'port-forward',
  'proxy', 'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'top', 'uncordon', 'version', 'wait',
];

export function runKubectl(cluster: Cluster, argv: readonly string[], io: KubectlIO): KubectlResult {
  const args = [...argv];
  if (args[0] === 'kubectl') args.shift();
  const name = args.shift();
  if (name === undefined) return errorResult('error: no command given; try "kubectl get pods"');
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command && KUBECTL_COMMANDS.includes(name)) {
    return errorResult(`error: "kubectl ${name}" is not supported in a scenario; the commands that are: ${Object.keys(COMMANDS).sort().join(', ')}`);
  }
  if (!command) {
    // cobra's unknown-command error with its "Did you mean this?" suggestions (spf13/cobra/command.go
    // SuggestionsFor: a Levenshtein distance of at most 2, ignoring case, or a prefix), drawn from
    // all of kubectl's commands, as the real one suggests them.
    const lower = name.toLowerCase();
    const suggestions = KUBECTL_COMMANDS.filter((c) => levenshtein(c, lower) <= 2 || c.startsWith(lower));
    let msg = `error: unknown command "${name}" for "kubectl"`;
    if (suggestions.length > 0) msg += `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join('\n')}`;
    return errorResult(msg);
  }
  // The kubelets' Lease renewals and heartbeats are kept analytically: store them as of now, as
  // the command may read them.
  if (!io.lookOnly) cluster.nodeAgents.catchUp();
  // What kubectl reads is what the apiserver holds now: expired events are gone.
  cluster.events.expire();
  const ctx = new CommandContext(cluster, io, name);
  try {
    command(ctx, args);
  } catch (e) {
    ctx.fail(e);
  }
  cluster.settle();
  return ctx.result(ctx.failed ? 1 : 0);
}

function errorResult(message: string): KubectlResult {
  return { stdout: '', stderr: message + '\n', output: message + '\n', exitCode: 1 };
}

/**
 * kubectl's rendering of the error a command ends with (k8s.io/kubectl/pkg/cmd/util/helpers.go
 * checkErr): an Invalid error from its details, another Status as `Error from server (Reason): …`
 * (StandardErrorMessage), anything else prefixed with `error: `. When a command ends with several
 * errors, each is rendered as MultipleErrors does: by StandardErrorMessage alone, so an Invalid
 * error reads as any other Status and the others keep no `error: ` prefix.
 */
export function formatError(error: unknown, oneOfSeveral = false): string {
  if (error instanceof ApiError) {
    const withKind = error as ApiError & { kind?: string; fieldErrors?: FieldError[] };
    if (error.reason === 'Invalid' && withKind.fieldErrors && !oneOfSeveral) {
      const name = /"([^"]*)" is invalid/.exec(error.message)?.[1] ?? '';
      const prefix = `The ${withKind.kind} "${name}" is invalid: `;
      const errs = withKind.fieldErrors.map(renderFieldError);
      // MultilineError: one error inline, several as a bulleted list.
      return errs.length === 1 ? prefix + errs[0] : `${prefix}\n${errs.map((e) => `* ${e}`).join('\n')}`;
    }
    return `Error from server (${error.reason}): ${error.message}`;
  }
  if (error instanceof UserError) {
    const m = error.message;
    if (oneOfSeveral) return m.replace(/^error: /, '');
    return m.startsWith('error: ') || m.startsWith('Error ') || m.startsWith('The ') || error instanceof KubectlError ? m : `error: ${m}`;
  }
  throw error;
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}
