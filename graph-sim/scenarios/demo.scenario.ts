import { ScenarioSpec } from './scenario-spec';
import { SKUS } from './skus';

/** Fixed ids of the demo tenant: the demo script, the playground and the bot's tests rely on them. */
export const DEMO_TENANT = {
  tenantId: '11111111-2222-3333-4444-555555555555',
  displayName: 'Contoso Italia',
  initialDomain: 'contosoitalia.onmicrosoft.com',
  adminId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  adminName: 'Mario Rossi',
  adminUpn: 'mario.rossi@contosoitalia.onmicrosoft.com',
  nonAdminId: '00000000-0000-0000-0000-000000000021',
  nonAdminName: 'Giulia Bianchi',
  secondAdminId: '00000000-0000-0000-0000-000000000022',
  secondAdminName: 'Luca Verdi',
} as const;

const staff = (n: number, displayName: string, jobTitle: string) => ({ id: `00000000-0000-0000-0000-0000000000${n}`, displayName, jobTitle });

/** A small, pleasant Italian company: 12 users, two Global Administrators, three subscriptions, two apps. */
export const demoScenario: ScenarioSpec = {
  name: 'demo',
  tenantId: DEMO_TENANT.tenantId,
  displayName: DEMO_TENANT.displayName,
  initialDomain: DEMO_TENANT.initialDomain,
  syncEnabled: null,
  admin: { id: DEMO_TENANT.adminId, displayName: DEMO_TENANT.adminName, jobTitle: 'Amministratore delegato' },
  users: [
    { ...staff(21, DEMO_TENANT.nonAdminName, 'Responsabile marketing') },
    { ...staff(22, DEMO_TENANT.secondAdminName, 'Responsabile IT'), roles: ['globalAdministrator'] },
    staff(23, 'Francesca Russo', 'Contabile'),
    staff(24, 'Alessandro Ferrari', 'Commerciale'),
    staff(25, 'Chiara Esposito', 'Designer'),
    staff(26, 'Matteo Romano', 'Sviluppatore'),
    { ...staff(27, 'Sara Colombo', 'Amministrazione'), roles: ['billingAdministrator'] },
    staff(28, 'Davide Ricci', 'Magazziniere'),
    { ...staff(29, 'Elena Marino', 'Assistente'), perUserMfaState: 'enforced' },
    staff(30, 'Paolo Greco', 'Consulente'),
    { ...staff(31, 'Anna Bruno', 'Ospite esterna'), userType: 'Guest', upnLocal: 'anna.bruno_partner.example#EXT#', licensed: false },
  ],
  subscriptions: [
    { ...SKUS.businessPremium, totalLicenses: 15 },
    { ...SKUS.exchangePlan1, totalLicenses: 5 },
    { ...SKUS.powerBiPro, totalLicenses: 25, isTrial: true, daysToNextLifecycle: 21 },
  ],
  applications: [{ displayName: 'Contoso Timesheets' }, { displayName: 'Contoso HR Connector' }],
  servicePrincipals: [{ displayName: 'Contoso Timesheets' }],
  securityDefaultsEnabled: true,
};
