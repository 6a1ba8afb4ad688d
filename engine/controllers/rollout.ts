// What `kubectl rollout history|undo|status` compute for a Deployment, as pure functions of the
// Deployment and the ReplicaSets in its namespace: k8s.io/kubectl/pkg/polymorphichelpers
// history.go (DeploymentHistoryViewer), rollback.go (DeploymentRollbacker) and
// rollout_status.go (DeploymentStatusViewer), with the output framing of
// k8s.io/kubectl/pkg/cmd/rollout/rollout_history.go. Errors are KubectlErrors worded as kubectl
// prints them (`error: ...`, exit code 1).
import type { LabelSelector, PodTemplateSpec } from '../api/types.ts';
import { selectorFromLabelSelector } from '../api/labels.ts';
import { EngineError, KubectlError } from '../errors.ts';
import {
  ANNOTATIONS_TO_SKIP,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  Reason,
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  getDeploymentCondition,
  revisionOf,
  type DeploymentView,
  type ReplicaSetView,
} from './deployment-util.ts';
import { deepCopy } from '../util/copy.ts';

const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause'; // polymorphichelpers/history.go ChangeCauseAnnotation

/**
 * deploymentutil.GetAllReplicaSets as kubectl calls it: the ReplicaSets that match the
 * Deployment's selector and are controlled by it, the old ones (oldest first) then the new one.
 */
function allReplicaSets(d: DeploymentView, replicaSets: readonly ReplicaSetView[]): ReplicaSetView[] {
  const selector = selectorFromLabelSelector(d.spec?.selector as LabelSelector | undefined);
  const owned = replicaSets.filter(
    (rs) =>
      rs.metadata?.namespace === d.metadata?.namespace &&
      rs.metadata?.ownerReferences?.some((r) => r.controller === true && r.uid === d.metadata?.uid) === true &&
      selector.matches(rs.metadata?.labels as Record<string, string> | undefined),
  );
  const newRS = findNewReplicaSet(d, owned);
  return [...findOldReplicaSets(d, owned), ...(newRS ? [newRS] : [])];
}

/** The NamePrinter line kubectl prints for a rollout operation: `deployment.apps/<name> <operation>`. */
function nameLine(d: DeploymentView, operation: string): string {
  return `deployment.apps/${d.metadata?.name ?? ''}${operation ? ` ${operation}` : ''}`;
}

/**
 * The full output of `kubectl rollout history deployment/<name> [--revision=N]`: the name line,
 * then the REVISION / CHANGE-CAUSE table, or for one revision its pod template as
 * `kubectl describe` prints it (`describePodTemplate`, the describer's DescribePodTemplate).
 */
export function rolloutHistory(
  d: DeploymentView,
  replicaSets: readonly ReplicaSetView[],
  revision = 0,
  describePodTemplate?: (template: PodTemplateSpec) => string,
): string {
  // ViewHistory: revision → template, with the ReplicaSet's change-cause copied into the
  // template's annotations. A later ReplicaSet with the same revision wins, as in upstream's map.
  const history = new Map<number, PodTemplateSpec>();
  for (const rs of allReplicaSets(d, replicaSets)) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    const template = deepCopy(rs.spec?.template ?? {}) as PodTemplateSpec;
    const changeCause = rs.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION];
    if (changeCause) {
      template.metadata ??= {};
      template.metadata.annotations = { ...template.metadata.annotations, [CHANGE_CAUSE_ANNOTATION]: changeCause };
    }
    history.set(v, template);
  }
  let info: string;
  if (history.size === 0) {
    info = 'No rollout history found.';
  } else if (revision > 0) {
    const template = history.get(revision);
    if (!template) throw new KubectlError('error: unable to find the specified revision');
    if (!describePodTemplate) throw new EngineError('rolloutHistory: a pod template describer is needed to show one revision');
    info = describePodTemplate(template);
  } else {
    const rows = [...history.keys()]
      .sort((a, b) => a - b)
      .map((r) => [String(r), history.get(r)!.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] || '<none>']);
    info = tabbed([['REVISION', 'CHANGE-CAUSE'], ...rows]);
  }
  // rollout_history.go: the printer's operation is "<with revision #N>\n<history>".
  const withRevision = revision > 0 ? `with revision #${revision}` : '';
  return `${nameLine(d, `${withRevision}\n${info}`)}\n`;
}

/**
 * text/tabwriter as history.go configures it (minwidth 0, tabwidth 8, padding 2, padchar ' '):
 * every cell but a line's last is padded to its column's widest cell plus two spaces.
 */
function tabbed(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i] + 2) : cell)).join('') + '\n').join('');
}

export type RolloutUndo =
  | {
      kind: 'patch';
      /** The template to put into spec.template (the ReplicaSet's, without pod-template-hash). */
      template: PodTemplateSpec;
      /** The Deployment's new metadata.annotations, replacing the old ones entirely. */
      annotations: Record<string, string>;
      /** What kubectl prints: `deployment.apps/<name> rolled back`. */
      message: string;
    }
  | { kind: 'skipped'; message: string };

/**
 * `kubectl rollout undo deployment/<name> [--to-revision=N]` (DeploymentRollbacker.Rollback):
 * finds the ReplicaSet of the revision (0: the one before the latest) and returns the JSON patch
 * kubectl sends — the ReplicaSet's template without the hash label, and the ReplicaSet's
 * annotations except the Deployment-managed ones, which keep the Deployment's values. The
 * controller then finds that ReplicaSet as the new one and renumbers it.
 */
export function rolloutUndoTemplate(d: DeploymentView, replicaSets: readonly ReplicaSetView[], toRevision = 0): RolloutUndo {
  const name = d.metadata?.name ?? '';
  if (toRevision < 0) throw revisionNotFound(toRevision);
  const rs = revisionReplicaSet(d, allReplicaSets(d, replicaSets), toRevision);
  if (d.spec?.paused) {
    throw new KubectlError(`error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`);
  }
  if (equalIgnoreHash(rs.spec?.template, d.spec?.template)) {
    return { kind: 'skipped', message: nameLine(d, `skipped rollback (current template already matches revision ${toRevision})`) };
  }
  const template = deepCopy(rs.spec?.template ?? {}) as PodTemplateSpec;
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(rs.metadata?.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  return { kind: 'patch', template, annotations, message: nameLine(d, 'rolled back') };
}

/** deploymentRevision (rollback.go): the ReplicaSet of `toRevision`, or for 0 the second newest revision. */
function revisionReplicaSet(d: DeploymentView, all: readonly ReplicaSetView[], toRevision: number): ReplicaSetView {
  let latest: ReplicaSetView | undefined;
  let latestRevision = -1;
  let previous: ReplicaSetView | undefined;
  let previousRevision = -1;
  for (const rs of all) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) {
      return rs;
    }
  }
  if (toRevision > 0) throw revisionNotFound(toRevision);
  if (!previous) throw new KubectlError(`error: no rollout history found for deployment "${d.metadata?.name ?? ''}"`);
  return previous;
}

function revisionNotFound(revision: number): KubectlError {
  return new KubectlError(`error: unable to find specified revision ${revision} in history`);
}

/**
 * One status line of `kubectl rollout status deployment/<name> [--revision=N]`
 * (DeploymentStatusViewer.Status), without its trailing newline; `done` ends the watch. A rollout
 * past its progress deadline, or at another revision than asked for, is an error.
 */
export function rolloutStatusLine(d: DeploymentView, revision = 0): { done: boolean; message: string } {
  const name = d.metadata?.name ?? '';
  if (revision > 0) {
    const running = revisionOf(d);
    if (running === undefined) {
      const v = d.metadata?.annotations?.[REVISION_ANNOTATION] ?? '';
      throw new KubectlError(`error: cannot get the revision of deployment "${name}": strconv.ParseInt: parsing "${v}": invalid syntax`);
    }
    if (running !== revision) throw new KubectlError(`error: desired revision (${revision}) is different from the running revision (${running})`);
  }
  const status = d.status ?? {};
  if ((d.metadata?.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    if (getDeploymentCondition(status, 'Progressing')?.reason === Reason.TimedOut) {
      throw new KubectlError(`error: deployment "${name}" exceeded its progress deadline`);
    }
    const updated = status.updatedReplicas ?? 0;
    const replicas = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    if (d.spec?.replicas !== undefined && updated < d.spec.replicas) {
      return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${d.spec.replicas} new replicas have been updated...` };
    }
    if (replicas > updated) {
      return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...` };
    }
    if (available < updated) {
      return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...` };
    }
    return { done: true, message: `deployment "${name}" successfully rolled out` };
  }
  return { done: false, message: 'Waiting for deployment spec update to be observed...' };
}
