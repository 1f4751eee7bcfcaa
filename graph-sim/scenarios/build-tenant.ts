import { MICROSOFT_FIRST_PARTY_TENANT, ROLE_TEMPLATES, RoleName, SimSubscription, SimUser } from '../directory/model';
import { DAY_MS, Tenant, TenantState } from '../directory/tenant';
import { addEligibility, addGroup } from '../directory/role-groups';
import { BUILT_IN_STRENGTHS, SimAuthenticationStrength } from '../directory/authentication-strengths';
import { deterministicGuid } from '../support/ids';
import { defaultAdminConsent } from '../directory/consent';
import { ScenarioSpec, UserSeed } from './scenario-spec';

const GIVEN = ['Marco', 'Laura', 'Andrea', 'Sofia', 'Luca', 'Giorgia', 'Pietro', 'Martina', 'Nina', 'Omar', 'Hugo', 'Chloé', 'Ines', 'Jonas', 'Aisha', 'Kenji'];
const SURNAMES = ['Conti', 'Moretti', 'Barbieri', 'Fontana', 'Rinaldi', 'Caruso', 'Ferrara', 'Dubois', 'Martin', 'Leroy', 'Schmidt', 'Okafor', 'Tanaka', 'Silva', 'Novak', 'Haddad'];
const START = Date.parse('2024-03-01T09:00:00Z');

/** Microsoft's own service principals, present in every tenant (not the tenant's to worry about). */
const FIRST_PARTY = [
  { displayName: 'Microsoft Graph', appId: '00000003-0000-0000-c000-000000000000' },
  { displayName: 'Office 365 Exchange Online', appId: '00000002-0000-0ff1-ce00-000000000000' },
  { displayName: 'Microsoft Teams', appId: 'cc15fd57-2c6c-4117-a88c-83b1d56b4bbe' },
];

export interface BuildOptions {
  tenantId?: string;
  syncDisableDelayMs: number;
}

/** Turns a scenario into a live tenant. Only ids and names derive from the tenant id; the rest is the spec. */
export function buildTenant(spec: ScenarioSpec, options: BuildOptions): Tenant {
  const tenantId = (options.tenantId ?? spec.tenantId ?? deterministicGuid(`tenant:${spec.name}`)).toLowerCase();
  const overridden = options.tenantId !== undefined && options.tenantId.toLowerCase() !== spec.tenantId?.toLowerCase();
  const tag = deterministicGuid(`tag:${tenantId}`).slice(0, 8);
  const suffix = overridden ? `-${tag}` : '';
  const initialDomain = spec.initialDomain.replace('.onmicrosoft.com', `${suffix}.onmicrosoft.com`);
  const userDomain = spec.customDomain ?? initialDomain;
  const gid = (kind: string, key: string) => deterministicGuid(`${tenantId}:${kind}:${key}`);
  const skuId = spec.subscriptions[0]?.skuId;
  const synced = spec.syncEnabled === true;
  const strengths: SimAuthenticationStrength[] = [
    ...BUILT_IN_STRENGTHS.map((s) => ({ ...s })),
    ...(spec.authenticationStrengths ?? []).map((s) => ({
      id: gid('authenticationStrength', s.displayName),
      displayName: s.displayName,
      description: '',
      policyType: 'custom' as const,
      requirementsSatisfied: s.requirementsSatisfied,
      allowedCombinations: [...s.allowedCombinations],
      createdDateTime: new Date(START).toISOString(),
      modifiedDateTime: new Date(START).toISOString(),
    })),
  ];
  const strengthId = (name: string): string => {
    const found = strengths.find((s) => s.displayName === name);
    if (!found) throw new Error(`Scenario ${spec.name}: no authentication strength named "${name}"`);
    return found.id;
  };

  const makeUser = (seed: UserSeed): SimUser => {
    const [given, ...rest] = seed.displayName.split(' ');
    const local = seed.upnLocal ?? seed.displayName.toLowerCase().replace(/[^a-z0-9]+/g, '.');
    const isSynced = synced && seed.synced === true;
    const upn = `${local}@${seed.userType === 'Guest' ? initialDomain : userDomain}`;
    return {
      id: (seed.id ?? gid('user', seed.key ?? local)).toLowerCase(),
      displayName: seed.displayName,
      givenName: given ?? null,
      surname: rest.join(' ') || null,
      userPrincipalName: upn,
      mail: seed.userType === 'Guest' ? null : upn,
      jobTitle: seed.jobTitle ?? null,
      userType: seed.userType ?? 'Member',
      accountEnabled: seed.accountEnabled ?? true,
      onPremisesSyncEnabled: isSynced ? true : null,
      onPremisesSamAccountName: isSynced ? local.slice(0, 20) : null,
      onPremisesDistinguishedName: isSynced ? `CN=${seed.displayName},OU=Users,DC=corp,DC=local` : null,
      assignedLicenses: (seed.licensed ?? seed.userType !== 'Guest') && skuId ? [{ skuId, disabledPlans: [] }] : [],
      perUserMfaState: seed.perUserMfaState ?? 'disabled',
      createdDateTime: new Date(START).toISOString(),
    };
  };

  const adminSeed: UserSeed = { ...spec.admin, roles: unique(['globalAdministrator', ...(spec.admin.roles ?? [])]) };
  const seeds = [adminSeed, ...spec.users];
  const generated = spec.generatedUsers;
  const generatedSeed = (i: number): UserSeed => {
    const given = GIVEN[i % GIVEN.length];
    const surname = SURNAMES[Math.floor(i / GIVEN.length) % SURNAMES.length];
    const local = `${given
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}.${surname.toLowerCase()}${i + 1}`;
    return { displayName: `${given} ${surname} ${i + 1}`, upnLocal: local, key: `gen-${i}`, synced: generated?.syncedEvery ? i % generated.syncedEvery === 0 : false, perUserMfaState: generated?.perUserMfaState };
  };
  const materialize = (): SimUser[] => {
    const users = seeds.map(makeUser);
    for (let i = 0; i < (generated?.count ?? 0); i++) users.push(makeUser(generatedSeed(i)));
    return users;
  };

  const roles = Object.entries(ROLE_TEMPLATES).map(([name, template]) => ({
    id: gid('role', template.id),
    displayName: template.displayName,
    description: `Built-in role ${template.displayName}.`,
    roleTemplateId: template.id,
    memberIds: new Set(seeds.filter((s) => (s.roles ?? []).includes(name as RoleName)).map((s) => makeUser(s).id)),
  }));

  const state: TenantState = {
    id: tenantId,
    scenario: spec.name,
    adminId: makeUser(adminSeed).id,
    adminUpn: makeUser(adminSeed).userPrincipalName,
    org: {
      id: tenantId,
      displayName: spec.displayName + (overridden ? ` ${tag}` : ''),
      tenantType: 'AAD',
      createdDateTime: new Date(START - 400 * DAY_MS).toISOString(),
      countryLetterCode: 'IT',
      verifiedDomains: [
        { name: initialDomain, isDefault: !spec.customDomain, isInitial: true, type: 'Managed', capabilities: 'Email, OfficeCommunicationsOnline' },
        ...(spec.customDomain ? [{ name: spec.customDomain, isDefault: true, isInitial: false, type: 'Managed' as const, capabilities: 'Email' }] : []),
      ],
      onPremisesSyncEnabled: spec.syncEnabled,
      onPremisesLastSyncDateTime: spec.syncEnabled === null ? null : new Date(Date.now() - 20 * 60_000).toISOString(),
    },
    roles,
    groups: [],
    eligibilities: [],
    entraIdP2: spec.entraIdP2 ?? seeds.some((s) => (s.eligibleRoles ?? []).length > 0),
    adminConsent: spec.adminConsent === 'none' ? null : new Set(spec.adminConsent ?? defaultAdminConsent()),
    subscriptions: spec.subscriptions.map((s, i): SimSubscription => {
      const isTrial = s.isTrial ?? false;
      return {
        id: gid('subscription', String(i)),
        commerceSubscriptionId: gid('commerce', String(i)),
        skuId: s.skuId,
        skuPartNumber: s.skuPartNumber,
        status: s.status ?? 'Enabled',
        isTrial,
        totalLicenses: s.totalLicenses,
        createdDateTime: new Date(START).toISOString(),
        nextLifecycleDateTime: new Date(Date.now() + (s.daysToNextLifecycle ?? (isTrial ? 30 : 365)) * DAY_MS).toISOString(),
        ownerTenantId: s.ownerTenantId ?? null,
        autoRenew: !isTrial,
        markedForDeletion: false,
        servicePlans: (s.servicePlans ?? []).map((name) => ({ servicePlanId: deterministicGuid(`plan:${name}`), servicePlanName: name })),
      };
    }),
    applications: new Map(
      (spec.applications ?? []).map((a, i) => {
        const app = {
          id: gid('application', String(i)),
          appId: gid('appId', a.displayName),
          displayName: a.displayName,
          signInAudience: a.signInAudience ?? 'AzureADMyOrg',
          createdDateTime: new Date(START).toISOString(),
        };
        return [app.id, app];
      }),
    ),
    servicePrincipals: new Map(
      [
        ...FIRST_PARTY.map((sp) => ({
          id: gid('sp', sp.appId),
          appId: sp.appId,
          displayName: sp.displayName,
          appOwnerOrganizationId: MICROSOFT_FIRST_PARTY_TENANT,
          servicePrincipalType: 'Application' as const,
          accountEnabled: true,
        })),
        ...(spec.servicePrincipals ?? []).map((sp) => ({
          id: gid('sp', sp.displayName),
          appId: sp.appId ?? gid('appId', sp.displayName),
          displayName: sp.displayName,
          appOwnerOrganizationId: tenantId,
          servicePrincipalType: 'Application' as const,
          accountEnabled: true,
        })),
      ].map((sp) => [sp.id, sp]),
    ),
    authenticationStrengths: strengths,
    caPolicies: (spec.conditionalAccessPolicies ?? []).map((p, i) => ({
      id: gid('ca', String(i)),
      displayName: p.displayName,
      state: p.state,
      createdDateTime: new Date(START).toISOString(),
      grantControls: p.authenticationStrength
        ? { operator: 'OR', builtInControls: [], authenticationStrength: strengthId(p.authenticationStrength) }
        : { operator: 'OR', builtInControls: p.requireMfa ? ['mfa'] : ['block'] },
      conditions: { users: { includeUsers: ['All'], excludeUsers: [] }, applications: { includeApplications: ['All'] } },
    })),
    securityDefaultsEnabled: spec.securityDefaultsEnabled,
    deleted: new Map(
      (spec.deletedUsers ?? []).map((seed) => {
        const user = makeUser(seed);
        return [user.id, { ...user, deletedDateTime: new Date(Date.now() - seed.deletedDaysAgo * DAY_MS).toISOString() }];
      }),
    ),
    userCount: seeds.length + (generated?.count ?? 0),
  };
  for (const group of spec.groups ?? []) {
    const members = seeds.filter((s) => (s.groups ?? []).includes(group.displayName)).map((s) => makeUser(s).id);
    addGroup(state, { displayName: group.displayName, isAssignableToRole: group.isAssignableToRole ?? (group.roles ?? []).length > 0, roles: group.roles, memberIds: members });
  }
  const unknownGroup = seeds.flatMap((s) => s.groups ?? []).find((name) => !(spec.groups ?? []).some((g) => g.displayName === name));
  if (unknownGroup) throw new Error(`Scenario ${spec.name}: no group named "${unknownGroup}"`);
  for (const seed of seeds) for (const role of seed.eligibleRoles ?? []) addEligibility(state, makeUser(seed).id, role, START);
  return new Tenant(state, materialize, options.syncDisableDelayMs);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
