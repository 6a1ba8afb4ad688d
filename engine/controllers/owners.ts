// Owner references: the controller reference a controller sets on what it creates, and the
// claim logic that adopts matching orphans and releases objects that stopped matching
// (apimachinery/pkg/apis/meta/v1/controller_ref.go, pkg/controller/controller_ref_manager.go).
import type { ApiStore, Stored } from '../api/store.ts';
import type { KubeObject, OwnerReference } from '../api/types.ts';
import type { Selector } from '../api/labels.ts';
import { Memo } from '../util/memo.ts';

/** metav1.NewControllerRef: controller and blockOwnerDeletion both true. */
export function controllerRef(owner: Stored): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function getControllerOf(obj: Stored | KubeObject): Readonly<OwnerReference> | undefined {
  const refs = obj.metadata.ownerReferences;
  if (refs !== undefined) for (const r of refs) if (r.controller === true) return r;
  return undefined;
}

/** The index value under which an object is filed by its controller: its uid, or `orphan:<ns>`. */
export function controllerIndexValue(obj: Stored): string {
  const ref = getControllerOf(obj);
  return ref ? ref.uid : orphanIndexValue(obj.metadata.namespace ?? '');
}

export const CONTROLLER_INDEX = 'controller';
export const OWNER_INDEX = 'owner';

/**
 * ClaimObjects for one owner (BaseControllerRefManager.ClaimObject): the objects it owns that
 * still match its selector, plus matching orphans it adopts. Owned objects that no longer match
 * are released by removing the owner reference. `filter` drops candidates before claiming (for
 * pods, the inactive ones are still claimed upstream, so callers filter afterwards).
 */
export function claim(store: ApiStore, kind: string, owner: Stored, selector: Selector): Stored[] {
  const ownerUid = owner.metadata.uid!;
  const beingDeleted = owner.metadata.deletionTimestamp !== undefined;
  // byIndex's list is a fresh one: while every object in it matches (the usual case) it is the
  // answer itself, and a list of the claimed ones is made only at the first that does not.
  const owned = store.byIndex(kind, CONTROLLER_INDEX, ownerUid);
  let claimed: Stored[] | undefined;
  for (let i = 0; i < owned.length; i++) {
    const obj = owned[i];
    if (selector.matches(obj.metadata.labels as Record<string, string> | undefined)) {
      if (claimed !== undefined) claimed.push(obj);
      continue;
    }
    claimed ??= owned.slice(0, i);
    // An owner being deleted neither keeps nor releases what stopped matching.
    if (beingDeleted) continue;
    // Release: a strategic-merge patch that removes our reference (GenerateDeleteOwnerRefStrategicMergeBytes).
    const rest = obj.metadata.ownerReferences?.filter((r) => r.uid !== ownerUid) ?? [];
    store.update({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: undefined, ownerReferences: rest.length > 0 ? rest : undefined },
    } as KubeObject, { validate: false });
  }
  claimed ??= owned;
  if (beingDeleted) return claimed;
  adopt(store, owner, selector, orphansOf(store, kind, owner), claimed);
  return claimed;
}

/** The adopting half of claim: the matching orphans in the owner's namespace, by name, given its controller reference. */
export function adoptOrphans(store: ApiStore, kind: string, owner: Stored, selector: Selector): Stored[] {
  return adopt(store, owner, selector, orphansOf(store, kind, owner), []);
}

/** The objects of a kind in the owner's namespace that no controller owns. */
function orphansOf(store: ApiStore, kind: string, owner: Stored): Stored[] {
  return store.byIndex(kind, CONTROLLER_INDEX, orphanIndexValue(owner.metadata.namespace ?? ''));
}

/** `orphan:<namespace>` strings, one per namespace (the same string keeps its hash). */
const orphanValues = new Memo<string>(1024, (namespace) => `orphan:${namespace}`);

function orphanIndexValue(namespace: string): string {
  return orphanValues.get(namespace);
}

/** Adopts the matching candidates, appending what it adopted to `claimed`. */
function adopt(store: ApiStore, owner: Stored, selector: Selector, candidates: Stored[], claimed: Stored[]): Stored[] {
  if (candidates.length === 0) return claimed;
  // Filtering before sorting keeps the order of the adoptions (names are unique in a namespace).
  const orphans = candidates
    .filter((obj) => obj.metadata.deletionTimestamp === undefined && selector.matches(obj.metadata.labels as Record<string, string> | undefined))
    .sort(byName);
  for (const obj of orphans) {
    // Adopt: the owner reference patch ownerRefControllerPatch makes.
    const adopted = store.update({
      ...obj,
      metadata: {
        ...obj.metadata,
        resourceVersion: undefined,
        ownerReferences: [...(obj.metadata.ownerReferences ?? []), controllerRef(owner)],
      },
    } as KubeObject, { validate: false });
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

function byName(a: Stored, b: Stored): number {
  const x = a.metadata.name ?? '';
  const y = b.metadata.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
