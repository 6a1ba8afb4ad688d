// Where the Allure formatter writes its results. Allure's own file writer makes every file
// durable on its own (a temporary file, fsync, rename), which on this project's machines costs
// about 3 ms a file, several seconds for the suite's attachments; nothing reads the results until
// the run has ended, so plain writes are enough.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';

export class ResultsWriter implements Writer {
  constructor(private readonly resultsDir: string) {
    mkdirSync(resultsDir, { recursive: true });
  }

  private path(fileName: string): string {
    return join(this.resultsDir, fileName);
  }

  writeResult(result: Parameters<Writer['writeResult']>[0]): void {
    writeFileSync(this.path(`${result.uuid}-result.json`), JSON.stringify(result));
  }

  writeGroup(result: Parameters<Writer['writeGroup']>[0]): void {
    writeFileSync(this.path(`${result.uuid}-container.json`), JSON.stringify(result));
  }

  writeAttachment(fileName: string, content: Buffer): void {
    writeFileSync(this.path(fileName), content);
  }

  writeAttachmentFromPath(fileName: string, from: string): void {
    copyFileSync(from, this.path(fileName));
  }

  writeEnvironmentInfo(info: Parameters<Writer['writeEnvironmentInfo']>[0]): void {
    writeFileSync(this.path('environment.properties'), stringifyEnvInfo(info));
  }

  writeCategoriesDefinitions(categories: Parameters<Writer['writeCategoriesDefinitions']>[0]): void {
    writeFileSync(this.path('categories.json'), JSON.stringify(categories));
  }

  writeGlobals(fileName: string, info: Parameters<Writer['writeGlobals']>[1]): void {
    writeFileSync(this.path(fileName), JSON.stringify(info));
  }
}
