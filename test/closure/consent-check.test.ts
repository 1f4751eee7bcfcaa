import { ClosureRepository } from '../../src/runner';
import { ClosureService } from '../../src/closure/closure-service';
import { Turn } from '../../src/closure/turn';
import { CLOUD_PROFILES } from '../../src/config';
import { consentRequired } from '../../src/ports';
import { createLogger } from '../../src/observability';
import { DirectoryReader } from '../../src/ports';
import { MemoryStateStore } from '../../src/storage';

const turn: Turn = { tenantId: 'tenant-1', actor: { aadObjectId: 'admin-1', name: 'Admin' }, locale: 'en', conversation: {} };
const DECLARED = ['User.Read', 'User.Read.All', 'Policy.Read.All'];

/** A directory that must not be read: nothing moves until consent is in place. */
const untouchable = new Proxy({} as DirectoryReader, {
  get: (_target, name) => () => Promise.reject(new Error(`the directory was read (${String(name)}) before consent was in place`)),
});

function service(grantedScopes: () => Promise<string[] | undefined>, directory: DirectoryReader = untouchable): ClosureService {
  return new ClosureService({
    directoryFor: () => directory,
    repository: new ClosureRepository(new MemoryStateStore()),
    runner: { dispatch: () => Promise.reject(new Error('dispatched')), settle: async () => true },
    links: CLOUD_PROFILES.public.links,
    adminConsentUrl: (tenantId) => `https://login.microsoftonline.com/${tenantId}/v2.0/adminconsent?client_id=app`,
    declaredScopes: DECLARED,
    grantedScopes,
    log: createLogger('silent'),
  });
}

describe('the consent check before anything reads the tenant', () => {
  it('a declared scope the tenant has not granted (read from the token’s scp): the consent card naming it, and the tenant is not read', async () => {
    const reply = await service(async () => ['User.Read', 'Policy.Read.All', 'access_as_user']).overview(turn);
    expect(reply).toEqual({ kind: 'consent', missing: ['User.Read.All'], declared: DECLARED, url: 'https://login.microsoftonline.com/tenant-1/v2.0/adminconsent?client_id=app' });
  });

  it('a card action gets the same card: nothing moves until consent is in place', async () => {
    const reply = await service(async () => ['User.Read']).act(turn, 'closure.start', {});
    expect(reply).toMatchObject({ kind: 'consent', missing: ['User.Read.All', 'Policy.Read.All'] });
  });

  it('no consent at all (Entra refuses the token): the consent card with every declared permission, not an error', async () => {
    const reply = await service(() => Promise.reject(consentRequired('On-behalf-of refused: AADSTS65001'))).act(turn, 'consent.check', {});
    expect(reply).toMatchObject({ kind: 'consent', missing: [], declared: DECLARED });
  });

  it('scopes unknown (static or app-only token): no guess, the turn goes on to the admin check', async () => {
    const reply = await service(async () => undefined).overview(turn);
    // The untouchable directory was read (the admin check), so the turn ends in its error: it went on.
    expect(reply).toMatchObject({ kind: 'notice', titleKey: 'error.title', textKey: 'error.unexpected' });
  });
});
