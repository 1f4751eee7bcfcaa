import { GraphSimulator, startGraphSimulator } from '../../graph-sim';
import { followable, graphError, simClient } from '../support/sim-client';

/** graph-api.md §3.1: paging, $top, $select, $filter, $count on the 10,002-user `large` tenant. */
describe('graph-sim: listing users', () => {
  let sim: GraphSimulator;
  let tenantId: string;
  let adminId: string;
  beforeAll(async () => {
    sim = await startGraphSimulator({ scenarios: ['large'] });
    ({ tenantId, adminId } = sim.tenants()[0]);
  });
  afterAll(() => sim.close());

  const client = () => simClient(sim, tenantId, adminId);

  it('pages through 10,000+ users with absolute @odata.nextLink URLs on the simulator', async () => {
    const ids = new Set<string>();
    let page = await client().api('/users').select('id,userPrincipalName,onPremisesSyncEnabled').top(999).get();
    let pages = 1;
    for (;;) {
      for (const user of page.value) ids.add(user.id);
      expect(Object.keys(page.value[0]).sort()).toEqual(['id', 'onPremisesSyncEnabled', 'userPrincipalName']);
      const next: string | undefined = page['@odata.nextLink'];
      if (!next) break;
      expect(next.startsWith(`${sim.url}/v1.0/users?`)).toBe(true);
      page = await client().api(followable(sim, next)).get();
      pages++;
    }
    expect(ids.size).toBe(10_002);
    expect(pages).toBe(11);
  });

  it('keeps paging correct while users are deleted between pages (a cursor, not an offset)', async () => {
    const first = await client().api('/users').select('id').top(500).get();
    // One inspection, not one per user: 500 of them block the event loop for seconds (the client's idle keep-alive socket then resets).
    const globalAdminIds = sim.inspect(tenantId).globalAdminIds;
    const victims = first.value
      .map((u: { id: string }) => u.id)
      .filter((id: string) => id !== adminId && !globalAdminIds.includes(id))
      .slice(0, 50);
    for (const id of victims) await client().api(`/users/${id}`).delete();
    const second = await client().api(followable(sim, first['@odata.nextLink'])).get();
    expect(second.value[0].id > first.value[first.value.length - 1].id).toBe(true);
    expect(second.value).toHaveLength(500);
  });

  it('uses a default page of 100 and refuses $top above 999 with 400', async () => {
    const page = await client().api('/users').get();
    expect(page.value).toHaveLength(100);
    expect(Object.keys(page.value[0])).toEqual(expect.arrayContaining(['businessPhones', 'displayName', 'id', 'userPrincipalName']));
    expect(Object.keys(page.value[0])).not.toContain('onPremisesSyncEnabled');
    const error = await graphError(client().api('/users').top(1000).get());
    expect(error.statusCode).toBe(400);
  });

  it('filters with eq and startswith', async () => {
    const admin = sim.tenants()[0];
    const byUpn = await client().api('/users').filter(`userPrincipalName eq '${admin.adminUpn}'`).get();
    expect(byUpn.value.map((u: { id: string }) => u.id)).toEqual([adminId]);
    const marco = await client().api('/users').filter("startswith(displayName,'Marco Conti')").select('displayName').top(999).get();
    expect(marco.value.length).toBeGreaterThan(0);
    expect(marco.value.every((u: { displayName: string }) => u.displayName.startsWith('Marco Conti'))).toBe(true);
    expect((await graphError(client().api('/users').filter("displayName gt 'A'").get())).statusCode).toBe(400);
  });

  it('counts with ConsistencyLevel: eventual: @odata.count on the first page only, and /users/$count as text', async () => {
    const total = sim.inspect(tenantId).users.length;
    const first = await client().api('/users').header('ConsistencyLevel', 'eventual').count(true).select('id').top(999).get();
    expect(first['@odata.count']).toBe(total);
    const second = await client().api(followable(sim, first['@odata.nextLink'])).header('ConsistencyLevel', 'eventual').get();
    expect(second['@odata.count']).toBeUndefined();
    const count = await client().api('/users/$count').header('ConsistencyLevel', 'eventual').get();
    expect(Number(count)).toBe(total);
    expect((await graphError(client().api('/users/$count').get())).statusCode).toBe(400);
    expect((await graphError(client().api('/users').count(true).get())).statusCode).toBe(400);
  });

  it('refuses an unknown $select property and $skip with 400', async () => {
    expect((await graphError(client().api('/users').select('id,favouriteColour').get())).statusCode).toBe(400);
    expect((await graphError(client().api('/users').skip(10).get())).statusCode).toBe(400);
  });
});
