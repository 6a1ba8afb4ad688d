// The timeline picture of one scenario, as SVG: one lane per pod over virtual time, coloured by
// what `kubectl get pods` showed in its STATUS column, restarts as ticks, the periods its node
// was not Ready hatched, warnings and kills as dots (their event text on hover), and the When
// steps as numbered vertical markers listed under the picture. Quiet stretches longer than two
// minutes are shortened to a fixed-width break, so a scenario that waits 24 minutes and then
// deletes a pod still shows the deletion, not a sliver. It depends only on the trace records,
// so the same scenario and seed give the same bytes.
import type { EventTraceRecord, NodeTraceRecord, PodTraceRecord, TraceRecord } from '../engine/trace.ts';
import { formatAxisOffset, formatOffset } from './time.ts';

/** A When step: when it started and ended in virtual time, and its text. */
export interface TimelineMarker {
  startMs: number;
  endMs: number;
  text: string;
}

export interface TimelineInput {
  title: string;
  records: readonly TraceRecord[];
  startMs: number;
  endMs: number;
  markers: readonly TimelineMarker[];
}

/** A quiet stretch longer than this becomes a break of BREAK_PX. */
export const QUIET_GAP_MS = 120_000;
const BREAK_PX = 30;
const WIDTH = 860;
const LABEL_WIDTH = 206;
const PLOT_LEFT = LABEL_WIDTH + 8;
const PLOT_RIGHT = WIDTH - 16;
const LANE_HEIGHT = 20;
const LANE_GAP = 5;
const MAX_LANES = 80;
const LEGEND_COLUMNS = 4;
const LEGEND_COLUMN_PX = 205;
const MIN_TICK_PX = 70;
const TICK_STEPS_MS = [100, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];

/** Fill and text colour per STATUS, in legend order. */
const STATUS_STYLES: { key: string; label: string; fill: string; text: string }[] = [
  { key: 'Pending', label: 'Pending', fill: '#c5cad0', text: '#1f2328' },
  { key: 'ContainerCreating', label: 'ContainerCreating', fill: '#f2c14e', text: '#1f2328' },
  { key: 'Running:ready', label: 'Running, Ready', fill: '#2f9e44', text: '#ffffff' },
  { key: 'Running:not-ready', label: 'Running, not Ready', fill: '#a6dbb2', text: '#1f2328' },
  { key: 'Terminating', label: 'Terminating', fill: '#8c6bb1', text: '#ffffff' },
  { key: 'Completed', label: 'Completed', fill: '#4c7bd9', text: '#ffffff' },
  { key: 'Error', label: 'Error', fill: '#e03131', text: '#ffffff' },
  { key: 'CrashLoopBackOff', label: 'CrashLoopBackOff', fill: '#a61e4d', text: '#ffffff' },
  { key: 'other', label: 'other (STATUS on hover)', fill: '#868e96', text: '#ffffff' },
];

const STYLE_BY_KEY = new Map(STATUS_STYLES.map((style) => [style.key, style]));

function styleKey(status: string, ready: string): string {
  if (status === 'Running') {
    const [readyCount, total] = ready.split('/').map(Number);
    return total > 0 && readyCount === total ? 'Running:ready' : 'Running:not-ready';
  }
  return STYLE_BY_KEY.has(status) ? status : 'other';
}

interface Segment {
  fromMs: number;
  toMs: number;
  record: PodTraceRecord;
}

interface Lane {
  uid: string;
  name: string;
  segments: Segment[];
  restartsMs: { tMs: number; restarts: number }[];
  dots: EventTraceRecord[];
}

/** One lane per pod, in order of first appearance: what it showed from when to when. */
function podLanes(records: readonly TraceRecord[], endMs: number): Lane[] {
  const lanes = new Map<string, Lane>();
  const open = new Map<string, PodTraceRecord>();
  const close = (lane: Lane, toMs: number): void => {
    const current = open.get(lane.uid);
    if (current) lane.segments.push({ fromMs: current.tMs, toMs, record: current });
  };
  for (const r of records) {
    if (r.kind !== 'pod') continue;
    let lane = lanes.get(r.uid);
    if (!lane) lanes.set(r.uid, (lane = { uid: r.uid, name: r.name, segments: [], restartsMs: [], dots: [] }));
    const previous = open.get(r.uid);
    close(lane, r.tMs);
    if (previous && r.restarts > previous.restarts) lane.restartsMs.push({ tMs: r.tMs, restarts: r.restarts });
    if (r.deleted) open.delete(r.uid);
    else open.set(r.uid, r);
  }
  for (const lane of lanes.values()) close(lane, endMs);
  for (const r of records) {
    if (r.kind === 'event' && (r.type === 'Warning' || r.reason === 'Killing')) lanes.get(r.objectUid)?.dots.push(r);
  }
  // A zero-length segment (two changes in one instant) shows nothing; the later state counts.
  for (const lane of lanes.values()) lane.segments = lane.segments.filter((s) => s.toMs > s.fromMs || s === lane.segments[lane.segments.length - 1]);
  return [...lanes.values()];
}

/** Per node, the periods in which it was not Ready. */
function notReadyPeriods(records: readonly TraceRecord[], endMs: number): Map<string, { fromMs: number; toMs: number; status: string }[]> {
  const periods = new Map<string, { fromMs: number; toMs: number; status: string }[]>();
  const since = new Map<string, NodeTraceRecord>();
  for (const r of records) {
    if (r.kind !== 'node') continue;
    const previous = since.get(r.name);
    if (previous && previous.status !== 'Ready' && previous.status !== 'Deleted') {
      const list = periods.get(r.name) ?? [];
      list.push({ fromMs: previous.tMs, toMs: r.tMs, status: previous.status });
      periods.set(r.name, list);
    }
    since.set(r.name, r);
  }
  for (const [name, r] of since) {
    if (r.status === 'Ready' || r.status === 'Deleted') continue;
    const list = periods.get(name) ?? [];
    list.push({ fromMs: r.tMs, toMs: endMs, status: r.status });
    periods.set(name, list);
  }
  return periods;
}

/** A time scale that is linear but for quiet stretches, which become fixed-width breaks. */
class Scale {
  private readonly knots: { ms: number; x: number }[] = [];
  readonly breaks: { fromMs: number; toMs: number; x: number }[] = [];
  private readonly pxPerMs: number;

  /** The scale of the records' and the markers' times from startMs to endMs. */
  constructor(records: readonly TraceRecord[], markers: readonly TimelineMarker[], startMs: number, endMs: number) {
    // The distinct times from start to end, in order: sorted as numbers in a typed array.
    const all = new Float64Array(records.length + 2 * markers.length + 2);
    let count = 0;
    all[count++] = startMs;
    all[count++] = endMs;
    for (const r of records) if (r.tMs >= startMs && r.tMs <= endMs) all[count++] = r.tMs;
    for (const m of markers) {
      if (m.startMs >= startMs && m.startMs <= endMs) all[count++] = m.startMs;
      if (m.endMs >= startMs && m.endMs <= endMs) all[count++] = m.endMs;
    }
    const sorted = all.subarray(0, count).sort();
    const keys: number[] = [];
    for (let i = 0; i < count; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) keys.push(sorted[i]);
    let linearMs = 0;
    let breakCount = 0;
    for (let i = 1; i < keys.length; i++) {
      const gap = keys[i] - keys[i - 1];
      if (gap > QUIET_GAP_MS) breakCount++;
      else linearMs += gap;
    }
    const linearPx = PLOT_RIGHT - PLOT_LEFT - breakCount * BREAK_PX;
    const pxPerMs = linearMs > 0 ? linearPx / linearMs : 0;
    this.pxPerMs = pxPerMs;
    let x = PLOT_LEFT;
    this.knots.push({ ms: keys[0], x });
    for (let i = 1; i < keys.length; i++) {
      const gap = keys[i] - keys[i - 1];
      if (gap > QUIET_GAP_MS) {
        this.breaks.push({ fromMs: keys[i - 1], toMs: keys[i], x });
        x += BREAK_PX;
      } else x += gap * pxPerMs;
      this.knots.push({ ms: keys[i], x });
    }
    // Everything in one instant: that instant fills the plot.
    if (linearMs === 0 && breakCount === 0) this.knots.push({ ms: keys[0] + 1, x: PLOT_RIGHT });
  }

  x(ms: number): number {
    const k = this.knots;
    if (ms <= k[0].ms) return k[0].x;
    if (ms >= k[k.length - 1].ms) return k[k.length - 1].x;
    // The first knot at or after ms, by bisection: a scenario can have hundreds of knots.
    let lo = 1;
    let hi = k.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (k[mid].ms < ms) lo = mid + 1;
      else hi = mid;
    }
    return k[lo - 1].x + ((ms - k[lo - 1].ms) / (k[lo].ms - k[lo - 1].ms)) * (k[lo].x - k[lo - 1].x);
  }

  /** The stretches of time drawn to scale, between the breaks, as [fromMs, toMs]. */
  linearStretches(): [number, number][] {
    const stretches: [number, number][] = [];
    let from = this.knots[0].ms;
    for (const b of this.breaks) {
      stretches.push([from, b.fromMs]);
      from = b.toMs;
    }
    stretches.push([from, this.knots[this.knots.length - 1].ms]);
    return stretches.filter(([a, b]) => b > a);
  }

  /** Pixels per millisecond of the linear parts (0 when there are none). */
  density(): number {
    return this.pxPerMs;
  }
}

function esc(text: string): string {
  // Most texts (names, times, statuses) have nothing to escape.
  if (!/[&<>"]/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Coordinates with at most one decimal, so the output is short and stable: what
 * `String(Math.round(value * 10) / 10)` writes, made from the whole tenths as integers (a
 * fraction's shortest form costs more to find; below 10^15 tenths the one-decimal text is it).
 */
export function n(value: number): string {
  const tenths = Math.round(value * 10);
  if (!(tenths > -1e15 && tenths < 1e15)) return String(tenths / 10);
  const abs = tenths < 0 ? -tenths : tenths;
  const digit = abs % 10;
  const whole = (abs - digit) / 10;
  // -0.04 rounds to -0, written 0; -0.25 to -0.2.
  return `${tenths < 0 && abs !== 0 ? '-' : ''}${whole}${digit === 0 ? '' : `.${digit}`}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Approximate width of text in the 11 px sans-serif used inside lanes. */
function textWidth(text: string): number {
  return text.length * 6.2;
}

export function renderTimeline(input: TimelineInput): string {
  const { records, startMs } = input;
  const endMs = Math.max(input.endMs, startMs);
  const rel = (ms: number): string => formatOffset(ms - startMs);
  const allLanes = podLanes(records, endMs);
  const lanes = allLanes.slice(0, MAX_LANES);
  const nodePeriods = notReadyPeriods(records, endMs);
  const scale = new Scale(records, input.markers, startMs, endMs);
  const x = (ms: number): number => scale.x(ms);

  const out: string[] = [];
  const nodeLaneNames = [...nodePeriods.keys()].sort();
  const markerGroups = groupMarkers(input.markers, x);
  const titleY = 18;
  const markerLabelY = 40;
  const lanesTop = 52;
  const laneCount = nodeLaneNames.length + Math.max(lanes.length, 1);
  const lanesBottom = lanesTop + laneCount * (LANE_HEIGHT + LANE_GAP);
  const axisY = lanesBottom + 4;
  const legendY = axisY + 34;
  // Each segment's style, worked out once: the legend and the lanes both need it.
  const segmentStyles = new Map<Segment, (typeof STATUS_STYLES)[number]>();
  for (const lane of lanes) {
    for (const seg of lane.segments) segmentStyles.set(seg, STYLE_BY_KEY.get(styleKey(seg.record.status, seg.record.ready))!);
  }
  const usedKeys = new Set([...segmentStyles.values()].map((style) => style.key));
  const usedStyles = STATUS_STYLES.filter((s) => usedKeys.has(s.key));
  const marks = legendMarks(lanes, nodeLaneNames.length > 0);
  const legendRows = Math.ceil((usedStyles.length + marks.length) / LEGEND_COLUMNS);
  const stepsY = legendY + legendRows * 18 + 12;
  const height = stepsY + markerGroups.length * 16 + 8;

  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${n(height)}" viewBox="0 0 ${WIDTH} ${n(height)}" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img">`);
  out.push(`<title>${esc(input.title)}: pods over virtual time</title>`);
  out.push('<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#000" fill-opacity="0.08"/><line x1="0" y1="0" x2="0" y2="6" stroke="#343a40" stroke-width="2" stroke-opacity="0.55"/></pattern></defs>');
  out.push(`<rect width="${WIDTH}" height="${n(height)}" fill="#ffffff"/>`);
  out.push(`<text x="8" y="${titleY}" font-size="13" font-weight="bold" fill="#1f2328">${esc(truncate(input.title, 120))}</text>`);

  let row = 0;
  const laneY = (): number => lanesTop + row * (LANE_HEIGHT + LANE_GAP);
  for (const name of nodeLaneNames) {
    const y = laneY();
    out.push(`<text x="8" y="${n(y + 14)}" fill="#495057">node ${esc(truncate(name, 28))}</text>`);
    out.push(`<rect x="${PLOT_LEFT}" y="${n(y + 7)}" width="${PLOT_RIGHT - PLOT_LEFT}" height="6" fill="#d3f9d8"/>`);
    for (const p of nodePeriods.get(name)!) {
      out.push(`<rect x="${n(x(p.fromMs))}" y="${n(y)}" width="${n(Math.max(x(p.toMs) - x(p.fromMs), 2))}" height="${LANE_HEIGHT}" fill="url(#hatch)" stroke="#343a40" stroke-width="0.5"><title>${esc(`node ${name} ${p.status} from ${rel(p.fromMs)} to ${rel(p.toMs)}`)}</title></rect>`);
    }
    const object = `node/${name}`;
    for (const e of records) {
      if (e.kind === 'event' && e.object === object) out.push(dot(x(e.tMs), y + LANE_HEIGHT / 2, e, rel));
    }
    row++;
  }

  if (lanes.length === 0) {
    out.push(`<text x="${PLOT_LEFT}" y="${n(laneY() + 14)}" fill="#868e96">no pods in this scenario</text>`);
    row++;
  }
  for (const lane of lanes) {
    const y = laneY();
    let lastNode = '';
    for (let i = lane.segments.length - 1; i >= 0 && !lastNode; i--) lastNode = lane.segments[i].record.node;
    out.push(`<g><title>${esc(`pod ${lane.name}${lastNode ? ` on ${lastNode}` : ''}`)}</title>`);
    out.push(`<text x="8" y="${n(y + 14)}" font-family="Menlo, Consolas, monospace" font-size="11.5" fill="#1f2328">${esc(truncate(lane.name, 28))}</text>`);
    if (lastNode) out.push(`<text x="${LABEL_WIDTH}" y="${n(y + 14)}" text-anchor="end" font-size="11" fill="#868e96">${esc(truncate(lastNode, 8))}</text>`);
    out.push('</g>');
    for (const seg of lane.segments) {
      const style = segmentStyles.get(seg)!;
      const x0 = x(seg.fromMs);
      const width = Math.max(x(seg.toMs) - x0, 1.5);
      const r = seg.record;
      const hover = `${r.name}: ${r.status} ${r.ready}, ${r.restarts} restart${r.restarts === 1 ? '' : 's'}${r.node ? `, on ${r.node}` : ''}, ${rel(seg.fromMs)} to ${rel(seg.toMs)}`;
      out.push(`<rect x="${n(x0)}" y="${n(y)}" width="${n(width)}" height="${LANE_HEIGHT}" fill="${style.fill}"><title>${esc(hover)}</title></rect>`);
      if (width >= textWidth(r.status) + 8) out.push(`<text x="${n(x0 + 4)}" y="${n(y + 14)}" font-size="11" fill="${style.text}" pointer-events="none">${esc(r.status)}</text>`);
      for (const p of nodePeriods.get(r.node) ?? []) {
        const from = Math.max(p.fromMs, seg.fromMs);
        const to = Math.min(p.toMs, seg.toMs);
        if (to > from) out.push(`<rect x="${n(x(from))}" y="${n(y)}" width="${n(Math.max(x(to) - x(from), 1.5))}" height="${LANE_HEIGHT}" fill="url(#hatch)"><title>${esc(`node ${r.node} ${p.status} from ${rel(p.fromMs)} to ${rel(p.toMs)}`)}</title></rect>`);
      }
    }
    for (const restart of lane.restartsMs) {
      const rx = x(restart.tMs);
      out.push(`<path d="M${n(rx)} ${n(y - 3)} v${LANE_HEIGHT + 6}" stroke="#1f2328" stroke-width="2.5"><title>${esc(`${rel(restart.tMs)} restart #${restart.restarts}`)}</title></path>`);
    }
    for (const e of lane.dots) out.push(dot(x(e.tMs), y + LANE_HEIGHT / 2, e, rel));
    row++;
  }
  if (allLanes.length > lanes.length) {
    out.push(`<text x="8" y="${n(laneY() + 14)}" fill="#868e96">… and ${allLanes.length - lanes.length} more pods (see the state tables)</text>`);
  }

  // Breaks: a cut through the lanes and the axis, with the time that passed on hover.
  for (const b of scale.breaks) {
    const cx = b.x + BREAK_PX / 2;
    out.push(`<g><title>${esc(`${formatAxisOffset(b.toMs - b.fromMs).slice(1)} pass with no change (${rel(b.fromMs)} to ${rel(b.toMs)})`)}</title>`);
    out.push(`<path d="M${n(cx - 7)} ${n(axisY + 6)} L${n(cx - 1)} ${lanesTop - 6} M${n(cx + 1)} ${n(axisY + 6)} L${n(cx + 7)} ${lanesTop - 6}" stroke="#ffffff" stroke-width="3"/>`);
    out.push(`<path d="M${n(cx - 9)} ${n(axisY + 6)} L${n(cx - 3)} ${lanesTop - 6} M${n(cx + 3)} ${n(axisY + 6)} L${n(cx + 9)} ${lanesTop - 6}" stroke="#868e96" stroke-width="1"/>`);
    out.push(`<rect x="${n(b.x)}" y="${lanesTop - 6}" width="${BREAK_PX}" height="${n(axisY - lanesTop + 12)}" fill="transparent"/></g>`);
  }

  // When steps: a dashed line each, numbered at the top; several in one instant share a line.
  markerGroups.forEach((group, i) => {
    const mx = group.x;
    const hover = group.markers.map((m) => `${rel(m.endMs)} ${m.text}`).join('\n');
    out.push(`<g><title>${esc(hover)}</title>`);
    out.push(`<path d="M${n(mx)} ${markerLabelY + 4} V${n(lanesBottom)}" stroke="#1971c2" stroke-width="1.2" stroke-dasharray="4 3"/>`);
    out.push(`<rect x="${n(mx - 9)}" y="${markerLabelY - 12}" width="18" height="16" rx="3" fill="#1971c2"/>`);
    out.push(`<text x="${n(mx)}" y="${markerLabelY}" text-anchor="middle" font-size="11" font-weight="bold" fill="#ffffff">${i + 1}</text></g>`);
  });

  // The axis: ticks at round offsets in the linear parts, and the time after each break.
  out.push(`<path d="M${PLOT_LEFT} ${n(axisY)} H${PLOT_RIGHT}" stroke="#495057"/>`);
  for (const tick of axisTicks(scale, startMs, endMs)) {
    const anchor = tick.x > PLOT_RIGHT - 24 ? 'end' : 'middle';
    out.push(`<path d="M${n(tick.x)} ${n(axisY)} v5" stroke="#495057"/><text x="${n(anchor === 'end' ? tick.x + 4 : tick.x)}" y="${n(axisY + 18)}" text-anchor="${anchor}" font-size="11" fill="#495057">${esc(tick.label)}</text>`);
  }

  // Legend: the colours this picture uses, then the marks.
  const legend: string[] = usedStyles.map((s) => `<rect width="14" height="12" fill="${s.fill}"/><text x="19" y="10.5" font-size="11" fill="#1f2328">${esc(s.label)}</text>`);
  legend.push(...marks);
  legend.forEach((item, i) => out.push(`<g transform="translate(${8 + (i % LEGEND_COLUMNS) * LEGEND_COLUMN_PX} ${n(legendY + Math.floor(i / LEGEND_COLUMNS) * 18)})">${item}</g>`));

  // The When steps under the picture: number, virtual time (or span), text.
  const spans = markerGroups.map(({ markers: [first] }) => (first.endMs > first.startMs ? `${rel(first.startMs)} to ${rel(first.endMs)}` : rel(first.endMs)));
  const textX = 28 + Math.max(0, ...spans.map((s) => s.length)) * 6.4 + 14;
  markerGroups.forEach((group, i) => {
    const text = truncate(group.markers.map((m) => m.text).join('; '), Math.floor((WIDTH - textX - 8) / 6.2));
    out.push(`<text x="8" y="${n(stepsY + i * 16)}" font-size="11.5" fill="#1f2328"><tspan font-weight="bold" fill="#1971c2">${i + 1}</tspan><tspan x="28">${esc(spans[i])}</tspan><tspan x="${n(textX)}">${esc(text)}</tspan></text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** The legend entries for the marks this picture uses. */
function legendMarks(lanes: readonly Lane[], nodesShaded: boolean): string[] {
  const marks: string[] = [];
  const label = (x: number, text: string): string => `<text x="${x}" y="10.5" font-size="11" fill="#1f2328">${text}</text>`;
  if (lanes.some((l) => l.restartsMs.length)) marks.push(`<path d="M6 -2 v16" stroke="#1f2328" stroke-width="2.5"/>${label(19, 'restart')}`);
  if (lanes.some((l) => l.dots.some((d) => d.reason !== 'Killing'))) marks.push(`<circle cx="7" cy="6" r="4.5" fill="#e8590c"/>${label(19, 'warning event (hover)')}`);
  if (lanes.some((l) => l.dots.some((d) => d.reason === 'Killing'))) marks.push(`<circle cx="7" cy="6" r="4.5" fill="#1f2328"/>${label(19, 'kill (hover)')}`);
  if (nodesShaded) marks.push(`<rect width="14" height="12" fill="url(#hatch)" stroke="#343a40" stroke-width="0.5"/>${label(19, 'node not Ready')}`);
  return marks;
}

function dot(cx: number, cy: number, e: EventTraceRecord, rel: (ms: number) => string): string {
  const fill = e.reason === 'Killing' ? '#1f2328' : '#e8590c';
  const text = `${rel(e.tMs)} ${e.type} ${e.reason}: ${e.message}${e.count > 1 ? ` (x${e.count})` : ''}`;
  return `<circle cx="${n(cx)}" cy="${n(cy)}" r="4.5" fill="${fill}" stroke="#ffffff" stroke-width="1"><title>${esc(text)}</title></circle>`;
}

/** When steps grouped by where their lines fall: steps less than 3 px apart share a line. */
function groupMarkers(markers: readonly TimelineMarker[], x: (ms: number) => number): { x: number; markers: TimelineMarker[] }[] {
  const groups: { x: number; markers: TimelineMarker[] }[] = [];
  for (const m of markers) {
    const mx = x(m.endMs);
    const last = groups[groups.length - 1];
    if (last && Math.abs(last.x - mx) < 3) last.markers.push(m);
    else groups.push({ x: mx, markers: [m] });
  }
  return groups;
}

function axisTicks(scale: Scale, startMs: number, endMs: number): { x: number; label: string }[] {
  const density = scale.density();
  const step = TICK_STEPS_MS.find((s) => s * density >= MIN_TICK_PX) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1];
  const candidates: number[] = [startMs];
  // Round offsets inside the linear stretches only (a break may hide hours of them).
  if (density > 0) {
    for (const [fromMs, toMs] of scale.linearStretches()) {
      for (let t = startMs + Math.ceil((fromMs - startMs) / step) * step; t <= toMs && t < endMs; t += step) candidates.push(t);
    }
  }
  for (const b of scale.breaks) candidates.push(b.toMs);
  candidates.push(endMs);
  const ticks: { x: number; label: string }[] = [];
  // Break ends and the end first, so that round ticks give way to them when they would overlap.
  const priority = new Set([...scale.breaks.map((b) => b.toMs), endMs]);
  const ordered = [...new Set(candidates)].sort((a, b) => Number(priority.has(b)) - Number(priority.has(a)) || a - b);
  for (const t of ordered) {
    const tx = scale.x(t);
    if (ticks.some((k) => Math.abs(k.x - tx) < 56)) continue;
    ticks.push({ x: tx, label: formatAxisOffset(t - startMs) });
  }
  return ticks.sort((a, b) => a.x - b.x);
}
