import { join } from 'node:path';
import { parseStateKey } from './state-key';

/**
 * Where the file store keeps one key: `tenants/t1/closure` lives in `<root>/tenants/t1/` as
 * `closure~.json`, with its lock `closure~.lock` and temporary files `closure~.<token>.tmp`.
 *
 * @remarks Keys cannot contain `~` (see state-key.ts), so no file name the store makes can ever equal a
 * directory made for a longer key: key `a` (`a~.json`) and key `a/b` (directory `a/`) live side by side.
 */
export interface FileKeyPaths {
  dir: string;
  document: string;
  lock: string;
  temp(token: string): string;
}

export const DOCUMENT_SUFFIX = '~.json';

export function fileKeyPaths(root: string, key: string): FileKeyPaths {
  const segments = parseStateKey(key);
  const name = segments[segments.length - 1];
  const dir = join(root, ...segments.slice(0, -1));
  return {
    dir,
    document: join(dir, `${name}${DOCUMENT_SUFFIX}`),
    lock: join(dir, `${name}~.lock`),
    temp: (token) => join(dir, `${name}~.${token}.tmp`),
  };
}
