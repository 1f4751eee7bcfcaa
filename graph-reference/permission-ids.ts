import { readDataFile } from './data-file';

/** One deployment of a Microsoft Graph permission, as Microsoft's provisioning data lists it. */
interface PermissionDeployment {
  id: string;
  scheme: string;
  environment: string;
  isHidden: boolean;
  isEnabled: boolean;
  resourceAppId: string;
}

interface ProvisioningFile {
  permissionDeployments: Record<string, PermissionDeployment[]>;
}

/** The delegated (work or school) scheme: what `"type": "Scope"` in an app manifest asks for. */
const DELEGATED = 'DelegatedWork';

interface ScopeIndex {
  nameById: Map<string, string>;
  idByName: Map<string, string>;
  /** Ids Microsoft's data gives to more than one delegated name: never resolved, a manifest must not use them. */
  ambiguous: Set<string>;
}

let index: ScopeIndex | undefined;

/** The vendored copy of Microsoft Graph's permission ids (microsoft-graph-devx-content `provisioningInfo.json`, MIT). */
export function loadProvisioningFile(): ProvisioningFile {
  return JSON.parse(readDataFile('provisioningInfo.json.gz')) as ProvisioningFile;
}

function scopes(): ScopeIndex {
  if (index) return index;
  const nameById = new Map<string, string>();
  const idByName = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const [name, deployments] of Object.entries(loadProvisioningFile().permissionDeployments)) {
    for (const d of deployments) {
      // Some entries carry no id yet (permissions still being rolled out): nothing to resolve.
      if (d.scheme !== DELEGATED || !d.id) continue;
      const id = d.id.toLowerCase();
      const known = nameById.get(id);
      if (known !== undefined && known !== name) ambiguous.add(id);
      nameById.set(id, name);
      if (!idByName.has(name)) idByName.set(name, id);
    }
  }
  for (const id of ambiguous) nameById.delete(id);
  index = { nameById, idByName, ambiguous };
  return index;
}

/**
 * The name of the delegated Microsoft Graph permission (an `oauth2PermissionScope` of Microsoft Graph)
 * with this id, from Microsoft's published data; undefined when the data has no such delegated
 * permission, or gives the id to more than one name.
 */
export function graphScopeNameForId(id: string): string | undefined {
  return scopes().nameById.get(id.toLowerCase());
}

/** The id Microsoft's data gives the delegated Microsoft Graph permission of this name (exact case), if any. */
export function graphScopeIdForName(name: string): string | undefined {
  return scopes().idByName.get(name);
}
