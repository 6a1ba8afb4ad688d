// Where the Allure formatter writes its results. Allure's own file writer makes every file
// durable before the next step runs (a temporary file, fsync, rename), which on this project's
// machines costs milliseconds a file, seconds for the suite's attachments, in the middle of the
// scenarios. This writer keeps the files in memory while the scenarios run and hands them, when
// the run ends, to a worker thread that writes them (plain writes, no fsync); flush() waits until
// all are on disk. Writing them while the scenarios ran was measured slower on the 2-core machine,
// for the scenarios and for the whole run: the thread competed with them for the second core
// (bench/RESULTS.md). The same thread first deletes the folders it is given (the previous run's
// results, moved aside by the formatter), so that deleting them costs the scenarios nothing.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Writer } from 'allure-js-commons/sdk/reporter';

// The CommonJS build, which the formatter's base class loads too (reports/allure-formatter.ts).
const { stringifyEnvInfo } = createRequire(import.meta.url)('allure-js-commons/sdk/reporter') as typeof import('allure-js-commons/sdk/reporter');

/** A file to write: its content, or the file to copy it from. */
interface FileTask {
  fileName: string;
  content?: string | Uint8Array;
  from?: string;
}

/** Files handed to the thread in one message, when the run ends. */
const BATCH = 256;

/** The worker thread: deletes `workerData.toDelete`, then writes each batch of files it receives into `workerData.dir`, until 'end'. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { copyFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
for (const dir of workerData.toDelete) rmSync(dir, { recursive: true, force: true });
parentPort.on('message', (message) => {
  if (message === 'end') return parentPort.close();
  for (const file of message) {
    const to = join(workerData.dir, file.fileName);
    if (file.from) copyFileSync(file.from, to);
    else writeFileSync(to, file.content);
  }
});
`;

export class ResultsWriter implements Writer {
  private batch: FileTask[] = [];
  private readonly worker: Worker;
  private readonly done: Promise<void>;

  /** Writes into `resultsDir` (made now if missing), after deleting the folders in `toDelete`. */
  constructor(resultsDir: string, toDelete: readonly string[] = []) {
    mkdirSync(resultsDir, { recursive: true });
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { dir: resultsDir, toDelete } });
    this.done = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the Allure results writer stopped with exit code ${code}`))));
    });
    // A failure is reported by flush(), not as an unhandled rejection before it.
    this.done.catch(() => undefined);
  }

  /** Resolves when every file handed over is written (and the old folders deleted); rejects if one could not be. */
  async flush(): Promise<void> {
    for (let i = 0; i < this.batch.length; i += BATCH) this.worker.postMessage(this.batch.slice(i, i + BATCH));
    this.batch = [];
    this.worker.postMessage('end');
    await this.done;
  }

  private add(task: FileTask): void {
    this.batch.push(task);
  }

  private write(fileName: string, content: string | Uint8Array): void {
    this.add({ fileName, content });
  }

  writeResult(result: Parameters<Writer['writeResult']>[0]): void {
    this.write(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  writeGroup(result: Parameters<Writer['writeGroup']>[0]): void {
    this.write(`${result.uuid}-container.json`, JSON.stringify(result));
  }

  writeAttachment(fileName: string, content: Buffer): void {
    // Most attachments are small Buffers cut from Node's shared 8 KiB pool, and a message would
    // copy the whole pool for each: a copy of its own is a fraction of that.
    this.write(fileName, content.byteLength < content.buffer.byteLength ? new Uint8Array(content) : content);
  }

  /** An attachment's text, written as UTF-8 (as a Buffer made from it holds it). */
  writeAttachmentText(fileName: string, text: string): void {
    this.write(fileName, text);
  }

  writeAttachmentFromPath(fileName: string, from: string): void {
    this.add({ fileName, from });
  }

  writeEnvironmentInfo(info: Parameters<Writer['writeEnvironmentInfo']>[0]): void {
    this.write('environment.properties', stringifyEnvInfo(info));
  }

  writeCategoriesDefinitions(categories: Parameters<Writer['writeCategoriesDefinitions']>[0]): void {
    this.write('categories.json', JSON.stringify(categories));
  }

  writeGlobals(fileName: string, info: Parameters<Writer['writeGlobals']>[1]): void {
    this.write(fileName, JSON.stringify(info));
  }
}
