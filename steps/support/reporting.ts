// What the reports show besides the steps: after every When step, the cluster's state tables at
// that virtual moment (kubectl's own output, titled with the virtual time); after each scenario,
// the timeline picture and the table of its events. KS_REPORT=0 turns all of it off (to measure
// what it costs). Everything attached depends only on virtual time and the seed.
import { After, AfterStep, BeforeStep } from '@cucumber/cucumber';
import type { GherkinDocument } from '@cucumber/messages';
import type { KubeWorld } from './world.ts';
import { REPORTING } from './world.ts';
import { renderTimeline, type TimelineMarker } from '../../reports/timeline.ts';
import { eventsCsv } from '../../reports/events.ts';
import { stateTables } from '../../reports/state-tables.ts';
import { virtualTimeTitle } from '../../reports/time.ts';
import { EVENTS_FILE_NAME, TIMELINE_FILE_NAME } from '../../reports/names.ts';

interface ReportState {
  /** Virtual time when the running step started; undefined if the cluster was not built yet. */
  stepStartMs?: number;
  markers: TimelineMarker[];
  /** The last state tables, and the resource version and virtual time they show. */
  lastTables?: { key: string; text: string };
}

const states = new WeakMap<KubeWorld, ReportState>();

function stateOf(world: KubeWorld): ReportState {
  let state = states.get(world);
  if (!state) states.set(world, (state = { markers: [] }));
  return state;
}

/** Each feature's step keywords by AST node id, gathered once per feature. */
const keywords = new WeakMap<GherkinDocument, Map<string, string>>();

/** The keyword a step was written with (`When`, `And`), found by its AST node in the feature. */
function keywordOf(document: GherkinDocument, astNodeId: string): string {
  let byId = keywords.get(document);
  if (!byId) {
    byId = new Map();
    for (const child of document.feature?.children ?? []) {
      const steps = [...(child.background?.steps ?? []), ...(child.scenario?.steps ?? []), ...(child.rule?.children.flatMap((c) => [...(c.background?.steps ?? []), ...(c.scenario?.steps ?? [])]) ?? [])];
      for (const step of steps) byId.set(step.id, step.keyword.trim());
    }
    keywords.set(document, byId);
  }
  return byId.get(astNodeId) ?? 'When';
}

BeforeStep(function (this: KubeWorld) {
  if (!REPORTING) return;
  stateOf(this).stepStartMs = this.scenario.isBuilt ? this.scenario.cluster.nowMs() : undefined;
});

AfterStep(function (this: KubeWorld, { pickleStep, gherkinDocument }) {
  if (!REPORTING || pickleStep.type !== 'Action' || !this.scenario.isBuilt) return;
  const cluster = this.scenario.cluster;
  const state = stateOf(this);
  const nowMs = cluster.nowMs();
  state.markers.push({ startMs: state.stepStartMs ?? cluster.startMs, endMs: nowMs, text: `${keywordOf(gherkinDocument, pickleStep.astNodeIds[0])} ${pickleStep.text}` });
  // A step that changed nothing (a kubectl get, say) shows the same tables: they are not made again.
  const key = `${cluster.store.lastResourceVersion}@${nowMs}`;
  if (state.lastTables?.key !== key) state.lastTables = { key, text: stateTables(cluster) };
  this.attach(state.lastTables.text, { mediaType: 'text/plain', fileName: virtualTimeTitle(cluster.startMs, nowMs) });
});

After({ name: 'timeline and events' }, function (this: KubeWorld, { pickle }) {
  if (!REPORTING || !this.scenario.isBuilt) return;
  const cluster = this.scenario.cluster;
  const records = cluster.trace?.records() ?? [];
  const svg = renderTimeline({ title: pickle.name, records, startMs: cluster.startMs, endMs: cluster.nowMs(), markers: stateOf(this).markers });
  this.attach(Buffer.from(svg), { mediaType: 'image/svg+xml', fileName: TIMELINE_FILE_NAME });
  const events = eventsCsv(records, cluster.startMs);
  if (events) this.attach(events, { mediaType: 'text/csv', fileName: EVENTS_FILE_NAME });
});
