import { DEMO_TENANT } from '../graph-sim';

/**
 * The Agents Playground's mock Teams identity (`.m365agentsplayground.yml`, schema 0.1.1: exactly
 * five users): the chatting user is the demo tenant's Global Administrator.
 */
export function playgroundConfigYaml(): string {
  const domain = DEMO_TENANT.initialDomain;
  const user = (id: string, name: string, aad: string) => {
    const [given, surname] = name.split(' ');
    const upn = `${given.toLowerCase()}.${surname.toLowerCase()}@${domain}`;
    return `  - { id: "${id}", name: "${name}", userPrincipleName: "${upn}", aadObjectId: "${aad}", givenName: "${given}", surname: "${surname}", email: "${upn}" }`;
  };
  const [adminGiven, adminSurname] = DEMO_TENANT.adminName.split(' ');
  return [
    'version: "0.1.1"',
    `tenantId: ${DEMO_TENANT.tenantId}`,
    'bot:',
    '  id: "28:closure-bot"',
    '  name: Closure assistant',
    'currentUser:',
    `  id: "29:${DEMO_TENANT.adminId}"`,
    `  name: ${DEMO_TENANT.adminName}`,
    `  userPrincipleName: ${adminGiven.toLowerCase()}.${adminSurname.toLowerCase()}@${domain}`,
    `  aadObjectId: ${DEMO_TENANT.adminId}`,
    `  givenName: ${adminGiven}`,
    `  surname: ${adminSurname}`,
    `  email: ${adminGiven.toLowerCase()}.${adminSurname.toLowerCase()}@${domain}`,
    'users:',
    user('29:giulia', 'Giulia Bianchi', DEMO_TENANT.nonAdminId),
    user('29:luca', 'Luca Verdi', DEMO_TENANT.secondAdminId),
    user('29:claire', 'Claire Dubois', '00000000-0000-0000-0000-000000000023'),
    user('29:jean', 'Jean Martin', '00000000-0000-0000-0000-000000000024'),
    user('29:sara', 'Sara Neri', '00000000-0000-0000-0000-000000000025'),
    'personalChat:',
    '  id: "a:closure-demo-chat"',
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
