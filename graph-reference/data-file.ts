import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * A vendored data file, read from this folder's `data/` whether the code runs from source (ts-jest,
 * ts-node) or compiled into `dist/graph-reference/` (the data is not copied by tsc).
 */
export function readDataFile(name: string): string {
  const candidates = [join(__dirname, 'data', name), join(__dirname, '..', '..', 'graph-reference', 'data', name)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`graph-reference: data file ${name} not found (looked in ${candidates.join(', ')})`);
  const bytes = readFileSync(found);
  return (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}
