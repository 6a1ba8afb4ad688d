// Running cucumber in a process of its own, with this project's steps, and reading what it did
// from its message stream: for scenarios about what a user sees when a scenario goes wrong, and for
// the determinism check (scripts/determinism.ts), which compares two runs of the suite.
import { spawnSync } from 'node:child_process';
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

/**
 * Runs `cucumber-js <args>` with the project's configuration but only the progress formatter and
 * the message stream (no reports are written). Feature paths in `args` are taken as they are.
 */
export function runCucumber(args: string[], options: RunOptions = {}): CucumberRun {
  const dir = mkdtempSync(join(tmpdir(), 'ks-cucumber-'));
  try {
    const messages = join(dir, 'messages.ndjson');
    const config = join(dir, 'cucumber.config.mjs');
    writeFileSync(
      config,
      `import base from ${JSON.stringify(pathToFileURL(join(ROOT, 'cucumber.mjs')).href)};\n` +
        `export default { ...base, format: ['progress', ${JSON.stringify(`message:${messages}`)}] };\n`,
    );
    // cucumber resolves --config against the working directory.
    const result = spawnSync(process.execPath, [CUCUMBER, '--config', relative(ROOT, config), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0', ...options.env },
      timeout: options.timeoutMs ?? 300_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.error) throw new Error(`cucumber-js ${args.join(' ')} did not finish: ${result.error.message}`);
    let text = '';
    try {
      text = readFileSync(messages, 'utf8');
    } catch {
      // cucumber stopped before it wrote any message (a configuration error): its output says why.
    }
    const envelopes = text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Envelope);
    return { exitCode: result.status ?? 1, output: (result.stdout ?? '') + (result.stderr ?? ''), envelopes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a feature given as text, from a file of its own in a temporary directory. */
export function runFeatureText(featureText: string, options: RunOptions = {}): CucumberRun {
  const dir = mkdtempSync(join(tmpdir(), 'ks-feature-'));
  try {
    const file = join(dir, 'scenario.feature');
    writeFileSync(file, featureText);
    return runCucumber([file], options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
