// Where the Allure formatter writes its results. Allure's own file writer makes every file
// durable before the next step runs (a temporary file, fsync, rename), which on this project's
// machines costs milliseconds a file, seconds for the suite's attachments, in the middle of the
// scenarios. Nothing reads the results until the run has ended, so this writer keeps them in
// memory and writes them all when the run ends (flush), one after the other: a few thousand small
// files are written several times faster by plain synchronous calls than by as many concurrent
// promises on libuv's thread pool, and nothing else is going on by then.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Writer } from 'allure-js-commons/sdk/reporter';

// The CommonJS build, which the formatter's base class loads too (reports/allure-formatter.ts).
const { stringifyEnvInfo } = createRequire(import.meta.url)('allure-js-commons/sdk/reporter') as typeof import('allure-js-commons/sdk/reporter');

export class ResultsWriter implements Writer {
  private files: { fileName: string; content: string | Buffer; from?: string }[] = [];

  constructor(private readonly resultsDir: string) {
    mkdirSync(resultsDir, { recursive: true });
  }

  /** Writes every file handed over so far; rejects if one could not be written. */
  async flush(): Promise<void> {
    const files = this.files;
    this.files = [];
    for (const f of files) {
      if (f.from) copyFileSync(f.from, join(this.resultsDir, f.fileName));
      else writeFileSync(join(this.resultsDir, f.fileName), f.content);
    }
  }

  private write(fileName: string, content: string | Buffer): void {
    this.files.push({ fileName, content });
  }

  writeResult(result: Parameters<Writer['writeResult']>[0]): void {
    this.write(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  writeGroup(result: Parameters<Writer['writeGroup']>[0]): void {
    this.write(`${result.uuid}-container.json`, JSON.stringify(result));
  }

  writeAttachment(fileName: string, content: Buffer): void {
    this.write(fileName, content);
  }

  writeAttachmentFromPath(fileName: string, from: string): void {
    this.files.push({ fileName, content: '', from });
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
