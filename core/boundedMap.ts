/**
 * Sets `key` in a Map used as a bounded cache, then drops the oldest insertions past `max` (a Map
 * iterates in insertion order). To keep an entry in use, delete and set it again: it becomes newest.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.set(key, value);
  for (const oldest of map.keys()) {
    if (map.size <= max) break;
    map.delete(oldest);
  }
}
