// The report as a person sees it: runs the built-in features and one failing scenario
// (reports/demo) into a temporary folder, generates the Allure report, serves it over http and
// opens it in Debian's Chromium (scripts/ensure-chromium.sh installs it when missing), driven by
// playwright-core. Checks that the sections, a scenario's steps, its timeline SVG and its state
// attachments are displayed, and that a failure shows its diff and the rerun command.
// `npm run test:browser`; KS_SCREENSHOTS=1 also writes the README's screenshots to reports/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { generate } from '../../reports/generate.ts';
import { serve, type ReportServer } from '../../reports/serve.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FAILING_FEATURE = 'reports/demo/a-failing-scenario.feature';
const LIVENESS_SCENARIO = 'two restarts after about four minutes, as in the seed';
const FAILING_SCENARIO = 'a liveness probe restarts the container once in four minutes (wrong: twice)';
const SCREENSHOTS = process.env.KS_SCREENSHOTS === '1';

let outDir: string;
let server: ReportServer;
let browser: Browser;
let page: Page;
let base: string;

/** The uid Allure gave the test case of that name, for its own page `#testresult/<uid>`. */
function testUid(reportDir: string, name: string): string {
  const dir = join(reportDir, 'data', 'test-cases');
  for (const file of readdirSync(dir)) {
    const testCase = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { uid: string; name: string };
    if (testCase.name === name) return testCase.uid;
  }
  throw new Error(`no test case named "${name}" in the report`);
}

async function openTest(name: string): Promise<void> {
  await page.goto(`${base}#testresult/${testUid(join(outDir, 'allure'), name)}`);
  // A fresh page: what an earlier check expanded stays expanded in the same page.
  await page.reload();
  await page.getByText(name, { exact: true }).first().waitFor();
}

before(async () => {
  const ensure = spawnSync('bash', [join(ROOT, 'scripts/ensure-chromium.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  assert.equal(ensure.status, 0, 'Chromium is needed for the browser check (see above)');
  const executablePath = ensure.stdout.trim().split('\n').pop()!;
  outDir = mkdtempSync(join(tmpdir(), 'ks-report-'));
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/@cucumber/cucumber/bin/cucumber.js'), 'features', FAILING_FEATURE, '--format', 'summary'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, KS_REPORT_DIR: outDir },
    maxBuffer: 64 * 1024 * 1024,
  });
  // The demo scenario fails on purpose (whether the built-in ones pass is npm test's business).
  assert.match(run.stdout, /\d+ scenarios \(\d+ failed/, `expected the demo scenario to fail:\n${run.stdout}${run.stderr}`);
  const report = await generate(outDir);
  server = await serve(report.dir, 0);
  base = `http://127.0.0.1:${server.port}/`;
  // The flags keep Chromium from reaching for the network at start (this machine has none).
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test('the overview lists the sections, and links the step catalog', async () => {
  await page.goto(base);
  for (const section of ['Deployments', 'Label selectors', 'Liveness probes']) await page.getByText(section, { exact: true }).first().waitFor();
  await page.getByText('Step catalog', { exact: true }).waitFor();
  if (SCREENSHOTS) await page.screenshot({ path: join(ROOT, 'reports/screenshot-overview.png') });
  const catalog = await page.request.get(`${base}steps.html`);
  assert.equal(catalog.status(), 200);
  assert.match(await catalog.text(), /<h1>Step catalog<\/h1>/);
});

test('the behaviours tree groups the features by section', async () => {
  await page.goto(`${base}#behaviors`);
  await page.getByText('Liveness probes', { exact: true }).first().click();
  await page.getByText('A liveness probe restarts an unhealthy container', { exact: true }).first().waitFor();
});

test("a scenario shows its steps with their doc strings, and the state after each When step", async () => {
  await openTest(LIVENESS_SCENARIO);
  for (const step of ['Given a cluster with nodes m01, m02 and m03', 'When 4m9s pass', 'Then the output is:']) await page.getByText(step, { exact: true }).first().waitFor();
  await page.getByText('When 4m9s pass', { exact: true }).click();
  await page.getByText('t = +4m09s (2020-06-07 22:04:09Z)', { exact: true }).first().click();
  await page.getByText('$ kubectl get pods -o wide', { exact: false }).first().waitFor();
  await page.getByText(/kubia-liveness\s+1\/1\s+Running\s+2 \(29s ago\)/).first().waitFor();
  await page.getByText('Then the output is:', { exact: true }).click();
  await page.getByText('Doc string', { exact: true }).first().waitFor();
});

test('a scenario shows its events, and its timeline with the pod, its restarts and hover text', async () => {
  await openTest(LIVENESS_SCENARIO);
  // The events first: the timeline's frame grows as it loads, moving what is below it.
  await page.getByText('Events', { exact: true }).click();
  for (const column of ['TIME', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']) await page.getByText(column, { exact: true }).first().waitFor();
  await page.getByText('Events', { exact: true }).click();
  await page.getByText('Timeline (hover a mark for its event)', { exact: true }).click();
  const frame = page.frameLocator('iframe[title*="Timeline"]');
  const svg = frame.locator('svg');
  await svg.waitFor();
  assert.ok((await svg.boundingBox())!.height > 100, 'the timeline is drawn at a readable size');
  await frame.getByText('kubia-liveness', { exact: true }).first().waitFor();
  const titles = await frame.locator('svg title').allTextContents();
  assert.ok(titles.some((t) => t.includes('restart #2')), 'the second restart is marked');
  assert.ok(titles.some((t) => t.includes('Liveness probe failed: HTTP probe failed with statuscode: 500')), 'probe failures show their event text');
  if (SCREENSHOTS) {
    // The timeline, and the state table of the When step above it.
    await openTest(LIVENESS_SCENARIO);
    await page.getByText('When 4m9s pass', { exact: true }).click();
    await page.getByText('t = +4m09s (2020-06-07 22:04:09Z)', { exact: true }).first().click();
    await page.getByText('$ kubectl get pods -o wide', { exact: false }).first().waitFor();
    await page.getByText('Timeline (hover a mark for its event)', { exact: true }).click();
    await page.frameLocator('iframe[title*="Timeline"]').locator('svg').waitFor();
    await page.setViewportSize({ width: 1440, height: 1250 });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ROOT, 'reports/screenshot-liveness.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  }
});

test('a failing scenario shows one diff, the cluster and the command that reruns it', async () => {
  await openTest(FAILING_SCENARIO);
  await page.getByText(/the output of "kubectl get pod kubia-liveness" differs \(- expected, \+ actual\)/).first().waitFor();
  const message = await page.locator('body').innerText();
  assert.match(message, /- kubia-liveness\s+1\/1\s+Running\s+1 \(29s ago\)\s+4m9s\n\+ kubia-liveness\s+1\/1\s+Running\s+2 \(29s ago\)\s+4m9s/);
  assert.match(message, /\$ kubectl get pods -o wide -A/);
  assert.match(message, /rerun: KS_SEED=1 npx cucumber-js reports\/demo\/a-failing-scenario\.feature:7/);
  if (SCREENSHOTS) {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(ROOT, 'reports/screenshot-failure.png') });
  }
});
