// Deep freezing of JSON-like data: the store's objects in tests, and the parsed texts kept once per
// process (manifests, image catalogs), so that no reader can change what the next one gets.
export function deepFreeze(o: unknown): void {
  if (o === null || typeof o !== 'object' || Object.isFrozen(o)) return;
  Object.freeze(o);
  for (const v of Object.values(o)) deepFreeze(v);
}
