// allure-cucumberjs's formatter, as cucumber.mjs uses it, with what a learner needs on top:
// - it empties its results folder when a run starts, so results of an earlier run never leak
//   into a new report (Allure reads every file in the folder): the old folder is moved aside, and
//   the writer's thread deletes it while the run goes on (a few thousand files take a few hundred
//   ms to delete); it writes the results from that thread too, without syncing each file to disk
//   (reports/allure-writer.ts), and the run ends when all are written;
// - it files each scenario under its section, named after the feature's folder as the seed names
//   its sections (features/liveness-probes → "Liveness probes"), as the labels epic and
//   parentSuite, with the feature as suite: the Behaviors and Suites trees read like the seed's
//   table of contents;
// - it shows each step's doc string (the base class shows only data tables);
// - it files the scenario's timeline and events (steps/support/reporting.ts attaches them in an
//   After hook) with the scenario itself rather than under "Tear down", the timeline as an HTML
//   page around the SVG, so that Allure shows it inline and its marks show their text on hover
//   (Allure shows an SVG attachment as an image, which has no hover).
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type AllureCucumberReporterClass from 'allure-cucumberjs/reporter';
import type { IFormatterOptions } from '@cucumber/cucumber';
import type { Attachment, Envelope, Pickle, PickleStep, TestCaseStarted, TestStepStarted } from '@cucumber/messages';
import { TIMELINE_FILE_NAME, EVENTS_FILE_NAME } from './names.ts';
import { STATE_TITLE_PREFIX } from './time.ts';
import { ResultsWriter } from './allure-writer.ts';

// The package's CommonJS build, loaded with require: cucumber itself is CommonJS, so this shares
// its @cucumber/messages instead of loading the ESM copy, and the thirty-odd modules of the ESM
// build do not each go through the TypeScript loader's hooks. Its module.exports is the class.
const AllureCucumberReporter = createRequire(import.meta.url)('allure-cucumberjs/reporter') as (typeof AllureCucumberReporterClass)['default'];

/** Folder names whose section title is not the folder name with its first letter capitalised. */
const SECTION_TITLES: Record<string, string> = {
  daemonsets: 'DaemonSets',
  cronjobs: 'CronJobs',
  replicasets: 'ReplicaSets',
};

/** `features/label-selectors/x.feature` → `Label selectors`. */
export function sectionOf(featureUri: string): string {
  const folder = basename(dirname(featureUri));
  if (folder === '.' || folder === '') return 'Other';
  return SECTION_TITLES[folder] ?? `${folder[0].toUpperCase()}${folder.slice(1).replace(/-/g, ' ')}`;
}

interface TestResultFields {
  labels: { name: string; value: string }[];
}

/** The parts of the base class this one uses; its type declarations keep them private. */
interface ReporterInternals {
  testCaseMap: Map<string, { pickleId: string }>;
  testStepMap: Map<string, { pickleStepId?: string }>;
  pickleMap: Map<string, Pickle>;
  pickleStepMap: Map<string, PickleStep>;
  testResultUuids: Map<string, string>;
  fixtureUuids: Map<string, string>;
  documentMap: Map<string, { feature?: { name: string } }>;
  allureRuntime: {
    updateTest(uuid: string, update: (result: TestResultFields) => void): void;
    currentStep(rootUuid: string): string | undefined;
    writeAttachment(rootUuid: string, stepUuid: string | null | undefined, name: string, content: Buffer, options: { contentType: string; fileExtension?: string; encoding?: string; wrapInStep?: boolean }): void;
    state: {
      getExecutionItem(uuid: string): AllureParent | undefined;
      getStepResult(uuid: string): AllureParent | undefined;
    };
  };
}

/** A test, fixture or step result as far as an attachment goes into it. */
interface AllureParent {
  steps: { name: string; attachments: AllureAttachment[]; start: number; stop: number }[];
  attachments: AllureAttachment[];
}

/** An attachment as a result lists it (allure-js-commons ReporterRuntime createAttachment). */
interface AllureAttachment {
  name: string;
  source: string;
  type: string;
}

/** What the Environment widget shows: the facts a reader needs to reproduce the run. */
function environmentInfo(): Record<string, string> {
  return {
    Kubernetes: 'v1.32, simulated in process',
    seed: process.env.KS_SEED || '1 (default; KS_SEED or "Given the seed is" change it)',
    'Node.js': process.version,
  };
}

/** The timeline SVG as a page of its own, which Allure shows in a frame sized to it. */
function timelinePage(svg: string): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>timeline</title><style>body{margin:0;background:#fff}svg{display:block;max-width:100%;height:auto}</style></head><body>\n${svg}</body></html>\n`;
}

/**
 * Empties `dir` at once, as far as anyone reading it can tell: an existing folder is renamed
 * aside. Returns the folders to delete: that one and any left aside by a run that stopped early.
 */
function moveAside(dir: string): string[] {
  const parent = dirname(dir);
  const prefix = `${basename(dir)}.old-`;
  if (existsSync(dir)) {
    // A folder left aside by an earlier run of a process with the same pid may still be there.
    let aside = join(parent, `${prefix}${process.pid}`);
    for (let n = 1; existsSync(aside); n++) aside = join(parent, `${prefix}${process.pid}-${n}`);
    renameSync(dir, aside);
  }
  return existsSync(parent) ? readdirSync(parent).filter((name) => name.startsWith(prefix)).map((name) => join(parent, name)) : [];
}

export default class KubeScenariosAllureFormatter extends AllureCucumberReporter {
  private readonly writer: ResultsWriter;

  constructor(options: IFormatterOptions) {
    const parsed = options.parsedArgvOptions as { resultsDir?: string; environmentInfo?: Record<string, string> };
    const resultsDir = parsed.resultsDir ?? 'allure-results';
    const toDelete = moveAside(resultsDir);
    // The base class hears every message but the timeline and events, and hears each first.
    const forBase = new EventEmitter();
    const writer = new ResultsWriter(resultsDir, toDelete);
    super({ ...options, eventBroadcaster: forBase, parsedArgvOptions: { ...parsed, writer, environmentInfo: { ...environmentInfo(), ...parsed.environmentInfo } } });
    this.writer = writer;
    options.eventBroadcaster.on('envelope', (envelope: Envelope) => {
      if (envelope.attachment && (this.fileWithScenario(envelope.attachment) || this.fileStateTables(envelope.attachment))) return;
      forBase.emit('envelope', envelope);
      if (envelope.testCaseStarted) this.addSection(envelope.testCaseStarted);
      else if (envelope.testStepStarted) this.addDocString(envelope.testStepStarted);
    });
  }

  /** Cucumber waits for this before it exits: the results are all on disk by then. */
  override async finished(): Promise<void> {
    await this.writer.flush();
    await super.finished();
  }

  private get internals(): ReporterInternals {
    return this as unknown as ReporterInternals;
  }

  private addSection(started: TestCaseStarted): void {
    const self = this.internals;
    const uuid = self.testResultUuids.get(started.id);
    const testCase = self.testCaseMap.get(started.testCaseId);
    const pickle = testCase && self.pickleMap.get(testCase.pickleId);
    if (!uuid || !pickle) return;
    const section = sectionOf(pickle.uri);
    const feature = self.documentMap.get(pickle.uri)?.feature?.name ?? basename(pickle.uri);
    self.allureRuntime.updateTest(uuid, (result) => {
      if (!result.labels.some((l) => l.name === 'epic')) result.labels.push({ name: 'epic', value: section });
      result.labels.push({ name: 'parentSuite', value: section }, { name: 'suite', value: feature });
    });
  }

  private addDocString(started: TestStepStarted): void {
    const self = this.internals;
    const pickleStepId = self.testStepMap.get(started.testStepId)?.pickleStepId;
    const docString = pickleStepId ? self.pickleStepMap.get(pickleStepId)?.argument?.docString : undefined;
    const uuid = self.testResultUuids.get(started.testCaseStartedId);
    if (!docString || !uuid) return;
    const name = docString.mediaType ? `Doc string (${docString.mediaType})` : 'Doc string';
    self.allureRuntime.writeAttachment(uuid, self.allureRuntime.currentStep(uuid), name, Buffer.from(`${docString.content}\n`), { contentType: 'text/plain', fileExtension: '.txt' });
  }

  /**
   * The state tables after a step (text attachments titled `t = …`), filed exactly as the base
   * class files a text attachment (allure-cucumberjs onAttachment → ReporterRuntime
   * writeAttachment with wrapInStep: a step of their own, named by the title, in the current step,
   * holding the attachment), without its round trip of the text through base64 and a Buffer, and
   * without the runtime's option objects spread twice per attachment: there are hundreds of them
   * in a run. False for any other attachment.
   */
  private fileStateTables(attachment: Attachment): boolean {
    if (attachment.mediaType !== 'text/plain' || !attachment.fileName?.startsWith(STATE_TITLE_PREFIX) || !attachment.testCaseStartedId) return false;
    const self = this.internals;
    const rootUuid = self.fixtureUuids.get(attachment.testCaseStartedId) ?? self.testResultUuids.get(attachment.testCaseStartedId);
    const parent = rootUuid && this.parentOf(rootUuid, undefined);
    if (!parent) return false;
    const name = attachment.fileName;
    // allure-js-commons typeToExtension: the title's extname, or the media type's.
    const source = this.writeAttachmentFile(attachment, extname(name) || '.txt');
    const timestamp = Date.now();
    parent.steps.push({ name, attachments: [{ name, source, type: attachment.mediaType }], start: timestamp, stop: timestamp });
    return true;
  }

  /**
   * The result an attachment goes into, as ReporterRuntime findParent finds it: the root itself
   * (`null`), or its current step if it has one (`undefined`).
   */
  private parentOf(rootUuid: string, step: null | undefined): AllureParent | undefined {
    const { state, currentStep } = this.internals.allureRuntime;
    const root = state.getExecutionItem(rootUuid);
    if (!root || step === null) return root;
    const stepUuid = currentStep(rootUuid);
    return stepUuid ? state.getStepResult(stepUuid) : root;
  }

  /**
   * Hands an attachment's text to the writer under a new attachment file name (allure-js-commons
   * buildAttachmentFileName: a random uuid, `-attachment`, the extension) and returns the name.
   * Text is written as UTF-8, as the Buffer the base class makes of it holds.
   */
  private writeAttachmentFile(attachment: Attachment | string, extension: string): string {
    const fileName = `${randomUUID()}-attachment${extension}`;
    if (typeof attachment === 'string') this.writer.writeAttachmentText(fileName, attachment);
    else if (attachment.contentEncoding === 'BASE64') this.writer.writeAttachment(fileName, Buffer.from(attachment.body, 'base64'));
    else this.writer.writeAttachmentText(fileName, attachment.body);
    return fileName;
  }

  /**
   * Files the timeline or the events with the test itself (ReporterRuntime writeAttachment with
   * no step: in the test's own attachments); false for any other attachment.
   */
  private fileWithScenario(attachment: Attachment): boolean {
    if (attachment.fileName !== TIMELINE_FILE_NAME && attachment.fileName !== EVENTS_FILE_NAME) return false;
    const self = this.internals;
    const uuid = attachment.testCaseStartedId && self.testResultUuids.get(attachment.testCaseStartedId);
    const parent = uuid && this.parentOf(uuid, null);
    if (!parent) return false;
    if (attachment.fileName === TIMELINE_FILE_NAME) {
      const svg = attachment.contentEncoding === 'BASE64' ? Buffer.from(attachment.body, 'base64').toString('utf8') : attachment.body;
      const name = 'Timeline (hover a mark for its event)';
      parent.attachments.push({ name, source: this.writeAttachmentFile(timelinePage(svg), '.html'), type: 'text/html' });
    } else {
      parent.attachments.push({ name: 'Events', source: this.writeAttachmentFile(attachment, '.csv'), type: 'text/csv' });
    }
    return true;
  }
}
