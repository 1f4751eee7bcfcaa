import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json, from a script run as TypeScript (scripts/) or built (dist/scripts/). */
export function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('dist')) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
