// JSON with every object's keys sorted, so the same content always gives the same text (and hash), whatever
// order its fields were written in. Shared by catalogue deltas (what changed) and the hub's intake (content hash).
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
