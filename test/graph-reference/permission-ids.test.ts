import { createHash } from 'node:crypto';
import { declaredGraphScopes } from '../../graph-reference/declared-scopes';
import { readDataFile } from '../../graph-reference/data-file';
import { graphScopeIdForName, graphScopeNameForId } from '../../graph-reference/permission-ids';
import { isKnownPermission } from '../../graph-reference/permissions';

/** Git's blob id of a file's bytes: what `git ls-tree` shows for it in Microsoft's repository. */
function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

describe("Microsoft Graph's permission ids, as Microsoft publishes them", () => {
  it('are read from an unchanged copy of provisioningInfo.json (microsoft-graph-devx-content @ 6cbd6bb, blob b920740)', () => {
    expect(gitBlobId(Buffer.from(readDataFile('provisioningInfo.json.gz'), 'utf8'))).toBe('b920740426f263dbcda6f3b77e33b2cc3189f5c5');
  });

  it('resolve the delegated ids of the two scopes the Agents Toolkit cannot name, and only delegated ones', () => {
    expect(graphScopeNameForId('4bb440cd-2cf2-4f90-8004-aa2acd2537c5')).toBe('User.DeleteRestore.All');
    expect(graphScopeNameForId('0B2A744C-2ABF-4F1E-AD7E-17A087E2BE99')).toBe('Policy.ReadWrite.SecurityDefaults');
    expect(graphScopeIdForName('User.Read')).toBe('e1fe6dd8-ba31-4d61-89e7-88639da4683d');
    // The application permission User.DeleteRestore.All is not a scope; an unknown id is nothing.
    expect(graphScopeNameForId('eccc023d-eccf-4e7b-9683-8813ab36cecc')).toBeUndefined();
    expect(graphScopeNameForId('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(graphScopeIdForName('User.DeleteEverything.All')).toBeUndefined();
  });

  it("turn the manifest's ids into names for everyone who grants exactly the declared scopes (the simulator, the conformance test)", () => {
    const scopes = declaredGraphScopes();
    expect(scopes).toEqual(expect.arrayContaining(['User.DeleteRestore.All', 'Policy.ReadWrite.SecurityDefaults', 'User.Read', 'Directory.AccessAsUser.All']));
    expect(scopes.every((s) => !/^[0-9a-f-]{36}$/i.test(s))).toBe(true);
    // Every declared name is one Microsoft's permission data knows.
    expect(scopes.filter((s) => !isKnownPermission(s))).toEqual([]);
  });

  it('never skips an id it cannot resolve', () => {
    const manifest = { requiredResourceAccess: [{ resourceAppId: '00000003-0000-0000-c000-000000000000', resourceAccess: [{ id: '11111111-2222-4333-8444-555555555555', type: 'Scope' }] }] };
    expect(() => declaredGraphScopes(undefined, manifest)).toThrow(/11111111-2222-4333-8444-555555555555 is not in Microsoft's published permission data/);
  });
});
