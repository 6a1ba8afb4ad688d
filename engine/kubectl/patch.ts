// The patch flavours kubectl sends: JSON merge patch (RFC 7386), strategic merge patch (lists of
// objects with a merge key are merged by that key: containers by name, ports by containerPort)
// and JSON patch (RFC 6902). Also the three-way merge `kubectl apply` computes from the
// last-applied configuration (k8s.io/kubectl/pkg/cmd/apply, apimachinery strategicpatch).
import { KubectlError } from '../errors.ts';
import { deepCopy } from '../util/copy.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merge keys of the lists strategic merge patch merges by key (k8s.io/api types' patchMergeKey tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
};

/** Lists of plain values whose patchStrategy is merge: a patch adds to them (k8s.io/api ObjectMeta.Finalizers). */
const MERGED_VALUE_LISTS = new Set(['finalizers']);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return deepCopy(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = mergePatch(result[k], v) as Json;
  }
  return result;
}

export function strategicMergePatch(target: unknown, patch: unknown, field = ''): unknown {
  if (Array.isArray(patch)) {
    if (MERGED_VALUE_LISTS.has(field) && Array.isArray(target)) return [...target, ...patch.filter((v) => !target.includes(v))];
    const key = MERGE_KEYS[field];
    if (!key || !Array.isArray(target)) return deepCopy(patch);
    const out = target.map((x) => deepCopy(x)) as Json[];
    for (const item of patch) {
      if (!isObject(item)) return deepCopy(patch);
      if (item.$patch === 'delete') {
        const i = out.findIndex((x) => isObject(x) && x[key] === item[key]);
        if (i >= 0) out.splice(i, 1);
        continue;
      }
      const i = out.findIndex((x) => isObject(x) && x[key] === item[key]);
      if (i >= 0) out[i] = strategicMergePatch(out[i], item) as Json;
      else out.push(deepCopy(item));
    }
    return out;
  }
  if (!isObject(patch)) return deepCopy(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return deepCopy(rest);
  }
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = strategicMergePatch(result[k], v, k) as Json;
  }
  return result;
}

/** RFC 6902 JSON patch, with the error wording of evanphx/json-patch that the apiserver returns. */
export function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new KubectlError('error: unable to parse the patch: json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = deepCopy(target) as Json;
  for (const op of ops) {
    if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw new KubectlError('error: unable to parse the patch: operation missing op or path');
    }
    const path = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        doc = setAt(doc, path, deepCopy(op.value), 'add');
        break;
      case 'replace':
        getAt(doc, path, op.path);
        doc = setAt(doc, path, deepCopy(op.value), 'replace');
        break;
      case 'remove':
        getAt(doc, path, op.path);
        doc = removeAt(doc, path);
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, path, op.path)) !== JSON.stringify(op.value)) throw new KubectlError('Error from server: testing value ' + op.path + ' failed: test failed');
        break;
      case 'copy':
      case 'move': {
        const from = typeof op.from === 'string' ? op.from : '';
        const v = deepCopy(getAt(doc, parsePointer(from), from));
        if (op.op === 'move') doc = removeAt(doc, parsePointer(from));
        doc = setAt(doc, path, v, 'add');
        break;
      }
      default:
        throw new KubectlError(`Error from server: Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  return p.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: Json, path: string[], shown: string): Json {
  let cur: Json = doc;
  for (const seg of path) {
    if (Array.isArray(cur)) cur = cur[Number(seg)];
    else if (isObject(cur)) cur = cur[seg];
    else cur = undefined as unknown as Json;
    if (cur === undefined) throw new KubectlError(`The request is invalid: the server rejected our request due to an error in our request: doc is missing path: "${shown}": missing value`);
  }
  return cur;
}

function setAt(doc: Json, path: string[], value: Json, mode: 'add' | 'replace'): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(doc)) {
    const copy = [...doc];
    const i = head === '-' ? copy.length : Number(head);
    // RFC 6902 4.1: an index past the end of the array is an error (evanphx/json-patch).
    if (!Number.isInteger(i) || i < 0 || i > copy.length || (rest.length > 0 && i >= copy.length)) {
      throw new KubectlError(`The request is invalid: the server rejected our request due to an error in our request: Unable to access invalid index: ${head}: invalid index referenced`);
    }
    if (rest.length === 0) {
      if (mode === 'add') copy.splice(i, 0, value);
      else copy[i] = value;
    } else copy[i] = setAt(copy[i], rest, value, mode);
    return copy;
  }
  if (!isObject(doc)) throw missingPath(path);
  const obj: JsonObject = { ...doc };
  // RFC 6902 4.1: the parent of the target location must exist.
  if (rest.length > 0 && obj[head] === undefined) throw missingPath(path);
  obj[head] = rest.length === 0 ? value : setAt(obj[head], rest, value, mode);
  return obj;
}

function missingPath(path: string[]): KubectlError {
  return new KubectlError(`The request is invalid: the server rejected our request due to an error in our request: add operation does not apply: doc is missing path: "/${path.join('/')}": missing value`);
}

function removeAt(doc: Json, path: string[]): Json {
  const [head, ...rest] = path;
  if (Array.isArray(doc)) {
    const copy = [...doc];
    if (rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = removeAt(copy[Number(head)], rest);
    return copy;
  }
  const obj: JsonObject = { ...(doc as JsonObject) };
  if (rest.length === 0) delete obj[head];
  else obj[head] = removeAt(obj[head], rest);
  return obj;
}

/**
 * The three-way merge of client-side apply: fields the last applied configuration had and the
 * new one drops are removed; fields the new one sets win; everything else the cluster set stays.
 */
export function threeWayMerge(live: unknown, lastApplied: unknown, desired: unknown, field = ''): unknown {
  if (Array.isArray(desired)) {
    const key = MERGE_KEYS[field];
    if (!key || !Array.isArray(live) || !desired.every(isObject)) return deepCopy(desired);
    const lastItems = Array.isArray(lastApplied) ? lastApplied.filter(isObject) : [];
    const keyOf = (x: unknown) => (isObject(x) ? x[key] : undefined);
    const merged = desired.map((d) => {
      const l = live.find((x) => keyOf(x) === d[key]);
      const la = lastItems.find((x) => x[key] === d[key]);
      return l === undefined ? deepCopy(d) : threeWayMerge(l, la, d);
    });
    // Items the cluster or another client added (never in the last applied configuration) stay.
    for (const l of live) {
      const k = keyOf(l);
      if (!desired.some((d) => d[key] === k) && !lastItems.some((x) => x[key] === k)) merged.push(deepCopy(l) as Json);
    }
    return merged;
  }
  if (!isObject(desired)) return deepCopy(desired);
  const result: JsonObject = isObject(live) ? { ...live } : {};
  const last = isObject(lastApplied) ? lastApplied : {};
  for (const k of Object.keys(last)) if (!(k in desired)) delete result[k];
  for (const [k, v] of Object.entries(desired)) result[k] = threeWayMerge(result[k], last[k], v, k) as Json;
  return result;
}
