import { DEMO_TENANT } from '../graph-sim';

/** Who chats in the Agents Playground: a tenant the Graph simulator holds and its Global Administrator. */
export interface PlaygroundIdentity {
  tenantId: string;
  initialDomain: string;
  adminId: string;
  adminName: string;
  /** Four more users for the schema's fixed five (their ids matter only if they chat). */
  otherUsers?: Array<{ name: string; aadObjectId: string }>;
  /** Personal-chat id; the playground keeps it for its whole life. */
  chatId?: string;
}

/** The demo tenant's admin, Mario Rossi, in "Contoso Italia" (what `npm start` uses). */
export const DEMO_IDENTITY: PlaygroundIdentity = {
  tenantId: DEMO_TENANT.tenantId,
  initialDomain: DEMO_TENANT.initialDomain,
  adminId: DEMO_TENANT.adminId,
  adminName: DEMO_TENANT.adminName,
  otherUsers: [
    { name: DEMO_TENANT.nonAdminName, aadObjectId: DEMO_TENANT.nonAdminId },
    { name: DEMO_TENANT.secondAdminName, aadObjectId: DEMO_TENANT.secondAdminId },
  ],
  chatId: 'a:closure-demo-chat',
};

const FILLER_USERS = [
  { name: 'Giulia Bianchi', aadObjectId: '00000000-0000-0000-0000-000000000021' },
  { name: 'Luca Verdi', aadObjectId: '00000000-0000-0000-0000-000000000022' },
  { name: 'Claire Dubois', aadObjectId: '00000000-0000-0000-0000-000000000023' },
  { name: 'Jean Martin', aadObjectId: '00000000-0000-0000-0000-000000000024' },
  { name: 'Sara Neri', aadObjectId: '00000000-0000-0000-0000-000000000025' },
];

/**
 * The Agents Playground's mock Teams identity (`.m365agentsplayground.yml`, schema 0.1.1: exactly
 * five users): the chatting user is the given tenant's Global Administrator (the demo tenant's by
 * default). Its tenant id and aadObjectId must be ones the Graph simulator knows.
 */
export function playgroundConfigYaml(identity: PlaygroundIdentity = DEMO_IDENTITY): string {
  const domain = identity.initialDomain;
  const nameParts = (name: string) => {
    const [given, ...rest] = name.split(' ');
    const surname = rest.join(' ') || given;
    return { given, surname, upn: `${given}.${surname}`.toLowerCase().replace(/[^a-z0-9.]+/g, '') + `@${domain}` };
  };
  const others = [...(identity.otherUsers ?? []), ...FILLER_USERS].filter((u, i, all) => u.aadObjectId !== identity.adminId && all.findIndex((v) => v.aadObjectId === u.aadObjectId) === i).slice(0, 5);
  const user = (u: { name: string; aadObjectId: string }) => {
    const p = nameParts(u.name);
    return `  - { id: "29:${u.aadObjectId}", name: "${u.name}", userPrincipleName: "${p.upn}", aadObjectId: "${u.aadObjectId}", givenName: "${p.given}", surname: "${p.surname}", email: "${p.upn}" }`;
  };
  const admin = nameParts(identity.adminName);
  return [
    'version: "0.1.1"',
    `tenantId: ${identity.tenantId}`,
    'bot:',
    '  id: "28:closure-bot"',
    '  name: Closure assistant',
    'currentUser:',
    `  id: "29:${identity.adminId}"`,
    `  name: "${identity.adminName}"`,
    `  userPrincipleName: "${admin.upn}"`,
    `  aadObjectId: ${identity.adminId}`,
    `  givenName: "${admin.given}"`,
    `  surname: "${admin.surname}"`,
    `  email: "${admin.upn}"`,
    'users:',
    ...others.map(user),
    'personalChat:',
    `  id: "${identity.chatId ?? 'a:closure-demo-chat'}"`,
    'groupChat:',
    '  id: "19:closure-demo-group@thread.v2"',
    '  name: Demo group',
    'team:',
    '  id: "19:closure-demo-team@thread.tacv2"',
    '  name: Demo team',
    '  aadGroupId: 99999999-0000-0000-0000-000000000031',
    '  channels:',
    '    - id: "19:closure-demo-channel@thread.tacv2"',
    '      name: General',
    '',
  ].join('\n');
}
