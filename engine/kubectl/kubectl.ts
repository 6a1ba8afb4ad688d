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
}

/** What a command writes, and the cluster it acts on. */
export class CommandContext {
  private stdout = '';
  private stderr = '';
  private combined = '';
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

  /** Reports an error and carries on (kubectl's per-object errors), making the command exit 1. */
  fail(error: unknown): void {
    this.failed = true;
    this.err(formatError(error));
  }

  result(exitCode: number): KubectlResult {
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

export function runKubectl(cluster: Cluster, argv: readonly string[], io: KubectlIO): KubectlResult {
  const args = [...argv];
  if (args[0] === 'kubectl') args.shift();
  const name = args.shift();
  if (name === undefined) return errorResult('error: no command given; try "kubectl get pods"');
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const suggestions = Object.keys(COMMANDS).filter((c) => levenshtein(c, name) <= 2 || c.startsWith(name));
    // cobra's unknown-command error with its "Did you mean this?" suggestions (spf13/cobra/command.go).
    let msg = `error: unknown command "${name}" for "kubectl"`;
    if (suggestions.length > 0) msg += `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join('\n')}`;
    return errorResult(msg);
  }
  // The kubelets' Lease renewals and heartbeats are kept analytically: store them as of now, as
  // the command may read them.
  cluster.nodeAgents.catchUp();
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

/** kubectl's rendering of an error (k8s.io/kubectl/pkg/cmd/util/helpers.go StandardErrorMessage). */
export function formatError(error: unknown, action?: { verb: string; source: string }): string {
  if (error instanceof ApiError) {
    const withKind = error as ApiError & { kind?: string; fieldErrors?: FieldError[] };
    if (error.reason === 'Invalid' && withKind.fieldErrors) {
      const name = /"([^"]*)" is invalid/.exec(error.message)?.[1] ?? '';
      const prefix = `The ${withKind.kind} "${name}" is invalid: `;
      const errs = withKind.fieldErrors.map(renderFieldError);
      // MultilineError: one error inline, several as a bulleted list.
      return errs.length === 1 ? prefix + errs[0] : `${prefix}\n${errs.map((e) => `* ${e}`).join('\n')}`;
    }
    const detail = action ? `error when ${action.verb} "${action.source}": ${error.message}` : error.message;
    return `Error from server (${error.reason}): ${detail}`;
  }
  if (error instanceof UserError) {
    const m = error.message;
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
