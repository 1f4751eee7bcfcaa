import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphScopeNameForId } from './permission-ids';

const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

interface AadManifest {
  requiredResourceAccess?: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
}

/** The project's Entra app manifest (`aad.manifest.json` at the repository root). */
export function readAadManifest(root = join(__dirname, '..')): AadManifest {
  const candidates = [join(root, 'aad.manifest.json'), join(root, '..', 'aad.manifest.json')];
  for (const path of candidates) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as AadManifest;
    } catch {
      // try the next candidate (compiled code runs one folder deeper, in dist/)
    }
  }
  throw new Error(`aad.manifest.json not found (looked in ${candidates.join(', ')})`);
}

/**
 * The delegated Microsoft Graph scopes the app registration declares, by name. Entries given by
 * name are taken as they are; entries given as ids are resolved through `resolveId`, by default
 * Microsoft's published permission ids (the vendored provisioningInfo.json, see permission-ids.ts),
 * and an id it cannot resolve is an error, never skipped.
 */
export function declaredGraphScopes(resolveId: (id: string) => string | undefined = graphScopeNameForId, manifest: AadManifest = readAadManifest()): string[] {
  const graph = (manifest.requiredResourceAccess ?? []).filter((r) => r.resourceAppId === 'Microsoft Graph' || r.resourceAppId === MICROSOFT_GRAPH_APP_ID);
  return graph.flatMap((r) =>
    r.resourceAccess
      .filter((a) => a.type === 'Scope')
      .map((a) => {
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(a.id)) return a.id;
        const name = resolveId(a.id);
        if (!name) throw new Error(`aad.manifest.json: Microsoft Graph permission id ${a.id} is not in Microsoft's published permission data`);
        return name;
      }),
  );
}
