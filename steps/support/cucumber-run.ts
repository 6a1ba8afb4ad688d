// Running cucumber in a process of its own, with this project's steps, and reading what it did
// from its message stream: for scenarios about what a user sees when a scenario goes wrong, and for
// the determinism check (scripts/determinism.ts), which compares two runs of the suite.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Envelope, Feature, Hook, Pickle, Rule, Scenario, Background, TestCase } from '@cucumber/messages';

/** The repository: steps, features/manifests and cucumber.mjs are found from here. */
const ROOT = resolve(import.meta.dirname, '../..');
const CUCUMBER = join(ROOT, 'node_modules/@cucumber/cucumber/bin/cucumber.js');

export interface CucumberRun {
  exitCode: number;
  /** What cucumber printed (its progress formatter, stdout then stderr). */
  output: string;
  envelopes: Envelope[];
}

export interface RunOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** A run that takes longer is stopped and reported as such (default 5 minutes). */
  timeoutMs?: number;
}

/** The configuration file for one run: cucumber.mjs, but only the progress formatter and the message stream. */
function writeRunConfig(dir: string, messages: string): string {
  const config = join(dir, 'cucumber.config.mjs');
  writeFileSync(
    config,
    `import base from ${JSON.stringify(pathToFileURL(join(ROOT, 'cucumber.mjs')).href)};\n` +
      `export default { ...base, format: ['progress', ${JSON.stringify(`message:${messages}`)}] };\n`,
  );
  // cucumber resolves --config against the working directory.
  return relative(ROOT, config);
}

/** What the run wrote to its message stream; none if cucumber stopped before writing any. */
function readEnvelopes(messages: string): Envelope[] {
  let text = '';
  try {
    text = readFileSync(messages, 'utf8');
  } catch {
    // cucumber stopped before it wrote any message (a configuration error): its output says why.
  }
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Envelope);
}

function childEnv(options: RunOptions): NodeJS.ProcessEnv {
  return { ...process.env, FORCE_COLOR: '0', ...options.env };
}

/**
 * Runs `cucumber-js <args>` with the project's configuration but only the progress formatter and
 * the message stream (no reports are written). Feature paths in `args` are taken as they are.
 */
export function runCucumber(args: string[], options: RunOptions = {}): CucumberRun {
  const dir = mkdtempSync(join(tmpdir(), 'ks-cucumber-'));
  try {
    const messages = join(dir, 'messages.ndjson');
    const config = writeRunConfig(dir, messages);
    const result = spawnSync(process.execPath, [CUCUMBER, '--config', config, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: childEnv(options),
      timeout: options.timeoutMs ?? 300_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.error) throw new Error(`cucumber-js ${args.join(' ')} did not finish: ${result.error.message}`);
    return { exitCode: result.status ?? 1, output: (result.stdout ?? '') + (result.stderr ?? ''), envelopes: readEnvelopes(messages) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The step that runs a feature in a cucumber of its own (steps/errors.steps.ts), as a feature writes it. */
export const RUNS_THE_FEATURE = 'cucumber runs the feature:';
/** How that step runs cucumber: without the report attachments. */
export const RUN_OPTIONS: RunOptions = { env: { KS_REPORT: '0' } };

// Processes started ahead of their runs (steps/support/cucumber-standby.mjs): most of a cucumber
// run's time is start-up (cucumber, the engine), which a standby does while the scenarios before
// its run go on. It runs cucumber's own CLI, so what it prints and the exit status it reports are
// those of `cucumber-js <args>`. One process serves every run with its environment, one run after
// the other: the runs after the first skip the start-up and the loading of the steps altogether
// (a run whose configuration names other step files is refused, and gets a process of its own).
const STANDBY = join(ROOT, 'steps/support/cucumber-standby.mjs');

/** What a standby reports for a run, on its file descriptor 3. */
interface StandbyResult {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  refused?: boolean;
}

interface Standby {
  /** The environment it was started with, as a key: a run with another one cannot use it. */
  envKey: string;
  child: ChildProcess;
  /** What the process printed outside its runs' own output (normally nothing), not yet given to a run. */
  stdout: string[];
  stderr: string[];
  /** The runs sent to it whose results have not come, in order. */
  pending: ((result: StandbyResult) => void)[];
  /** It refused a run (other step files), or it was stopped: it takes no more. */
  closed: boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
}

const standbys: Standby[] = [];
/** How many runs are still expected, and with which environment. */
const expected = { runs: 0, env: undefined as NodeJS.ProcessEnv | undefined };

function envKey(env: NodeJS.ProcessEnv): string {
  return JSON.stringify(Object.entries(env).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function startStandby(env: NodeJS.ProcessEnv): Standby {
  const child = spawn(process.execPath, [STANDBY], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  const standby: Standby = {
    envKey: envKey(env),
    child,
    stdout: [],
    stderr: [],
    pending: [],
    closed: false,
    exited: new Promise((resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('close', (code, signal) => resolve({ code, signal }));
    }),
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => standby.stdout.push(chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => standby.stderr.push(chunk));
  let lines = '';
  const results = child.stdio[3] as NodeJS.ReadableStream;
  results.setEncoding('utf8');
  results.on('data', (chunk: string) => {
    lines += chunk;
    for (let newline = lines.indexOf('\n'); newline >= 0; newline = lines.indexOf('\n')) {
      const result = JSON.parse(lines.slice(0, newline)) as StandbyResult;
      lines = lines.slice(newline + 1);
      standby.pending.shift()?.(result);
      if (standby.pending.length === 0) unrefStandby(standby);
    }
  });
  // A standby nobody uses must not keep this process alive: it exits when its stdin closes.
  unrefStandby(standby);
  standbys.push(standby);
  return standby;
}

function streamsOf(standby: Standby): unknown[] {
  return [...standby.child.stdio];
}

function unrefStandby(standby: Standby): void {
  standby.child.unref();
  for (const stream of streamsOf(standby)) (stream as { unref?: () => void } | null)?.unref?.();
}

function refStandby(standby: Standby): void {
  standby.child.ref();
  for (const stream of streamsOf(standby)) (stream as { ref?: () => void } | null)?.ref?.();
}

/** Ends a standby: it takes no more runs. */
function closeStandby(standby: Standby): void {
  standby.closed = true;
  const index = standbys.indexOf(standby);
  if (index >= 0) standbys.splice(index, 1);
  standby.child.stdin?.end();
}

/** The standby that takes runs with this environment, if there is one. */
function standbyFor(key: string): Standby | undefined {
  return standbys.find((s) => s.envKey === key && !s.closed);
}

/** Starts the standby for the expected runs if none is there yet. */
function topUp(): void {
  if (!expected.env || expected.runs <= 0) return;
  if (!standbyFor(envKey(expected.env))) startStandby(expected.env);
}

/**
 * Says that `count` runs with these options are still to come (this one included, if it is about
 * to start), so that their process starts ahead. The largest count said since the last run wins.
 */
export function expectCucumberRuns(count: number, options: RunOptions = {}): void {
  const env = childEnv(options);
  if (expected.env && envKey(expected.env) !== envKey(env)) expected.runs = 0;
  expected.env = env;
  expected.runs = Math.max(expected.runs, count);
  topUp();
}

/** Ends the processes started for runs, and expects none. */
export function stopCucumberStandbys(): void {
  expected.runs = 0;
  for (const standby of standbys.splice(0)) {
    standby.closed = true;
    standby.child.stdin?.end();
    standby.child.kill();
  }
}

/** Sends a run to a standby; its result, or how the process ended first. */
async function runOn(standby: Standby, args: string[], timeoutMs: number): Promise<StandbyResult> {
  refStandby(standby);
  const result = new Promise<StandbyResult>((resolve) => standby.pending.push(resolve));
  standby.child.stdin!.write(`${JSON.stringify({ args })}\n`);
  let timer: NodeJS.Timeout | undefined;
  // The timer alone must not keep this process alive (a run started ahead whose step never comes).
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs).unref()));
  try {
    const outcome = await Promise.race([result, standby.exited, timedOut]);
    if (outcome === 'timeout') {
      closeStandby(standby);
      standby.child.kill();
      throw new Error(`cucumber-js ${args.join(' ')} did not finish: it took more than ${timeoutMs} ms`);
    }
    if ('refused' in outcome || 'exitCode' in outcome) return outcome as StandbyResult;
    closeStandby(standby);
    const exit = outcome as Awaited<Standby['exited']>;
    if (exit.error) throw new Error(`cucumber-js ${args.join(' ')} did not finish: ${exit.error.message}`);
    throw new Error(`cucumber-js ${args.join(' ')} did not finish: its process ended (${exit.signal ?? `status ${exit.code}`})\n${standby.stdout.join('')}${standby.stderr.join('')}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `runCucumber`, in the process started ahead (`expectCucumberRuns`) for this environment if there
 * is one (else one started now); the same output, exit status and messages.
 */
export async function runCucumberAsync(args: string[], options: RunOptions = {}): Promise<CucumberRun> {
  const env = childEnv(options);
  const key = envKey(env);
  if (expected.env && envKey(expected.env) === key) expected.runs = Math.max(0, expected.runs - 1);
  const dir = mkdtempSync(join(tmpdir(), 'ks-cucumber-'));
  const timeoutMs = options.timeoutMs ?? 300_000;
  try {
    const messages = join(dir, 'messages.ndjson');
    const config = writeRunConfig(dir, messages);
    const runArgs = ['--config', config, ...args];
    let standby = standbyFor(key) ?? startStandby(env);
    let result = await runOn(standby, runArgs, timeoutMs);
    if (result.refused) {
      // Other step files than its first run's: a process of its own.
      closeStandby(standby);
      standby = startStandby(env);
      result = await runOn(standby, runArgs, timeoutMs);
      closeStandby(standby);
    }
    // No run is expected any more: the process ends now rather than with this one.
    if (expected.runs === 0 && standby.pending.length === 0) closeStandby(standby);
    const stray = (lines: string[]) => lines.splice(0).join('');
    const output = (result.stdout ?? '') + stray(standby.stdout) + (result.stderr ?? '') + stray(standby.stderr);
    return { exitCode: result.exitCode ?? 1, output, envelopes: readEnvelopes(messages) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a feature given as text, from a file of its own in a temporary directory (through `runCucumberAsync`). */
export async function runFeatureText(featureText: string, options: RunOptions = {}): Promise<CucumberRun> {
  const dir = mkdtempSync(join(tmpdir(), 'ks-feature-'));
  try {
    const file = join(dir, 'scenario.feature');
    writeFileSync(file, featureText);
    return await runCucumberAsync([file], options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Runs started before their step (steps/support/cucumber-prefetch.ts does it for a scenario whose
// first step runs a feature: nothing before it in the scenario can change what the run sees, and a
// run depends only on the feature text, the environment and the project's files). They run in
// processes started ahead, beside the scenarios; the step takes the result.
const prefetched = new Map<string, Promise<CucumberRun>>();

function prefetchKey(featureText: string, options: RunOptions): string {
  return `${envKey(childEnv(options))}\n${featureText}`;
}

/** Starts `runFeatureText(featureText, options)` now, for a step to take. */
function prefetchFeatureText(featureText: string, options: RunOptions = {}): void {
  const key = prefetchKey(featureText, options);
  if (prefetched.has(key)) return;
  const run = runFeatureText(featureText, options);
  // A failure is the step's to report, when it takes the run.
  run.catch(() => undefined);
  prefetched.set(key, run);
}

const noted: string[] = [];

/** Notes a feature whose run is its scenario's first step, for `startNotedRuns`. */
export function noteRunToPrefetch(featureText: string): void {
  noted.push(featureText);
}

/** Starts the runs noted so far (with RUN_OPTIONS), once the scenarios run in this process. */
export function startNotedRuns(): void {
  for (const featureText of noted.splice(0)) prefetchFeatureText(featureText, RUN_OPTIONS);
}

/** The run started ahead for this feature text and options, if there is one (taken: a second call gets none). */
export function takePrefetched(featureText: string, options: RunOptions = {}): Promise<CucumberRun> | undefined {
  const key = prefetchKey(featureText, options);
  const run = prefetched.get(key);
  prefetched.delete(key);
  return run;
}

/** What happened to one step (or hook) of one scenario. */
export interface StepOutcome {
  /** The feature file, relative to the repository, and the scenario's line. */
  uri: string;
  line: number;
  scenario: string;
  /** `When -5 minutes pass`, or `Before hook (steps/support/hooks.ts)` for a hook. */
  step: string;
  status: string;
  /** The error's own message (no stack trace), when the step failed. */
  message?: string;
  /** The attachments the step made, in order. */
  attachments: { mediaType: string; fileName?: string; body: string }[];
}

/** Every step of every scenario that ran, in the order of the feature files and their lines. */
export function stepOutcomes(envelopes: readonly Envelope[]): StepOutcome[] {
  const keywords = new Map<string, string>();
  const scenarioLines = new Map<string, number>();
  const pickles = new Map<string, Pickle>();
  const testCases = new Map<string, TestCase>();
  const hooks = new Map<string, Hook>();
  const outcomes = new Map<string, StepOutcome>();
  const order: { key: string; uri: string; line: number; attempt: number; index: number }[] = [];
  for (const e of envelopes) {
    if (e.gherkinDocument?.feature) collectFeature(e.gherkinDocument.feature, keywords, scenarioLines);
    else if (e.pickle) pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase) testCases.set(e.testCase.id, e.testCase);
    else if (e.hook) hooks.set(e.hook.id, e.hook);
    else if (e.testCaseStarted) {
      const { id, testCaseId, attempt } = e.testCaseStarted;
      const testCase = testCases.get(testCaseId)!;
      const pickle = pickles.get(testCase.pickleId)!;
      // An example row's line says which row; a scenario's, which scenario.
      const line = scenarioLines.get(pickle.astNodeIds.at(-1)!) ?? scenarioLines.get(pickle.astNodeIds[0]!) ?? 0;
      testCase.testSteps.forEach((testStep, index) => {
        const key = `${id}/${testStep.id}`;
        const pickleStep = pickle.steps.find((s) => s.id === testStep.pickleStepId);
        const hook = testStep.hookId !== undefined ? hooks.get(testStep.hookId) : undefined;
        const step = pickleStep
          ? `${keywords.get(pickleStep.astNodeIds[0]!)?.trim() ?? ''} ${pickleStep.text}`.trim()
          : `${hook?.type ?? 'hook'}${hook?.name ? ` (${hook.name})` : ''} ${hook?.sourceReference.uri ?? ''}`;
        outcomes.set(key, { uri: pickle.uri, line, scenario: pickle.name, step, status: 'UNKNOWN', attachments: [] });
        order.push({ key, uri: pickle.uri, line, attempt, index });
      });
    } else if (e.testStepFinished) {
      const outcome = outcomes.get(`${e.testStepFinished.testCaseStartedId}/${e.testStepFinished.testStepId}`);
      if (outcome) {
        const result = e.testStepFinished.testStepResult;
        outcome.status = result.status;
        const message = result.exception?.message ?? result.message;
        if (message !== undefined) outcome.message = message;
      }
    } else if (e.attachment) {
      const outcome = outcomes.get(`${e.attachment.testCaseStartedId}/${e.attachment.testStepId}`);
      outcome?.attachments.push({ mediaType: e.attachment.mediaType, fileName: e.attachment.fileName, body: e.attachment.body });
    }
  }
  order.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.line - b.line || a.attempt - b.attempt || a.index - b.index));
  return order.map((o) => outcomes.get(o.key)!);
}

/** The keyword of every step, and the line of every scenario and example row, by AST node id. */
function collectFeature(feature: Feature | Rule, keywords: Map<string, string>, lines: Map<string, number>): void {
  const collect = (node: Scenario | Background) => {
    for (const step of node.steps) keywords.set(step.id, step.keyword);
    lines.set(node.id, node.location.line);
    for (const examples of 'examples' in node ? node.examples : []) for (const row of examples.tableBody) lines.set(row.id, row.location.line);
  };
  for (const child of feature.children) {
    if (child.background) collect(child.background);
    if (child.scenario) collect(child.scenario);
    if ('rule' in child && child.rule) collectFeature(child.rule, keywords, lines);
  }
}
