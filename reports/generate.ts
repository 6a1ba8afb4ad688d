// Generating the report from cucumber's results: the Allure report (Allure needs Java) with the
// step catalog page beside it, or, without Java, cucumber's own HTML report and the reason.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildCatalog } from '../scripts/step-catalog.ts';
import { renderCatalogPage } from './catalog-page.ts';

/** Where cucumber.mjs has cucumber write its reports and the Allure results. */
export const OUT_DIR = resolve(process.env.KS_REPORT_DIR || 'reports/out');
export const CATALOG_PAGE = 'steps.html';
const ALLURE_BIN = resolve('node_modules/allure-commandline/bin/allure');

/** The folders of one report: cucumber's outputs, Allure's results, and the report made from them. */
export function reportPaths(outDir = OUT_DIR): { outDir: string; results: string; allure: string; cucumberHtml: string } {
  return { outDir, results: resolve(outDir, 'allure-results'), allure: resolve(outDir, 'allure'), cucumberHtml: resolve(outDir, 'cucumber.html') };
}

/** Why Allure cannot run here, or undefined when Java answers. */
export function javaMissing(): string | undefined {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error) return `Java was not found (${(java.error as NodeJS.ErrnoException).code ?? java.error.message}); the Allure report needs Java 8 or newer (e.g. apt-get install default-jre-headless)`;
  if (java.status !== 0) return `\`java -version\` failed with exit status ${java.status}: ${(java.stderr || java.stdout).trim().split('\n')[0]}`;
  return undefined;
}

/** Allure's executor widget links to the step catalog, which is written beside the report. */
function writeExecutor(resultsDir: string): void {
  const executor = { name: 'kube-scenarios', type: 'kube-scenarios', buildName: 'Step catalog', buildUrl: CATALOG_PAGE, reportName: 'kube-scenarios' };
  writeFileSync(resolve(resultsDir, 'executor.json'), `${JSON.stringify(executor, null, 2)}\n`);
}

export interface Generated {
  /** The folder to serve, and the page to open in it. */
  dir: string;
  page: string;
  ms: number;
}

/** Generates the Allure report (or falls back to cucumber's) and the step catalog page. */
export async function generate(outDir = OUT_DIR): Promise<Generated> {
  const startMs = performance.now();
  const paths = reportPaths(outDir);
  const catalog = renderCatalogPage(await buildCatalog());
  const noJava = javaMissing();
  if (noJava) {
    console.error(`\nNo Allure report: ${noJava}.\nThe report is cucumber's own HTML report instead: ${paths.cucumberHtml}`);
    writeFileSync(resolve(outDir, CATALOG_PAGE), catalog);
    return { dir: outDir, page: 'cucumber.html', ms: performance.now() - startMs };
  }
  writeExecutor(paths.results);
  const allure = spawnSync(process.execPath, [ALLURE_BIN, 'generate', paths.results, '-o', paths.allure, '--clean'], {
    encoding: 'utf8',
    // Without this Allure embeds an analytics tag in the report (only `true` turns it off).
    env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' },
  });
  if (allure.status !== 0) throw new Error(`allure generate failed (exit ${allure.status}):\n${allure.stdout}${allure.stderr}`);
  writeFileSync(resolve(paths.allure, CATALOG_PAGE), catalog);
  return { dir: paths.allure, page: '', ms: performance.now() - startMs };
}
