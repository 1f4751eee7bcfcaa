import type { Row } from '../http/odata-filter';
import type { CollectionShape } from '../http/odata-list';
import type { SimDirectoryRole, SimGroup, SimUser } from '../directory/model';

/** graph-api.md §3.1: what `GET /users` returns without `$select`. */
const USER_DEFAULTS = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'] as const;
const USER_KNOWN = [
  ...USER_DEFAULTS,
  'userType',
  'accountEnabled',
  'onPremisesSyncEnabled',
  'onPremisesSamAccountName',
  'onPremisesDistinguishedName',
  'assignedLicenses',
  'createdDateTime',
  'deletedDateTime',
  'mailNickname',
] as const;

export const USER_SHAPE: CollectionShape = { contextName: 'users', defaults: USER_DEFAULTS, known: USER_KNOWN };
export const DELETED_USER_SHAPE: CollectionShape = { contextName: 'directory/deletedItems/microsoft.graph.user', defaults: [...USER_DEFAULTS, 'deletedDateTime'], known: USER_KNOWN };

export function userRow(user: SimUser, typed = false): Row {
  return {
    ...(typed ? { '@odata.type': '#microsoft.graph.user' } : {}),
    id: user.id,
    businessPhones: [],
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    jobTitle: user.jobTitle,
    mail: user.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    userPrincipalName: user.userPrincipalName,
    mailNickname: user.userPrincipalName.split('@')[0],
    userType: user.userType,
    accountEnabled: user.accountEnabled,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled,
    onPremisesSamAccountName: user.onPremisesSamAccountName,
    onPremisesDistinguishedName: user.onPremisesDistinguishedName,
    assignedLicenses: user.assignedLicenses,
    createdDateTime: user.createdDateTime,
    deletedDateTime: user.deletedDateTime ?? null,
  };
}

const ROLE_FIELDS = ['id', 'displayName', 'description', 'roleTemplateId', 'deletedDateTime'] as const;
export const ROLE_SHAPE: CollectionShape = { contextName: 'directoryRoles', defaults: ROLE_FIELDS, known: ROLE_FIELDS };
const GROUP_FIELDS = ['id', 'displayName', 'description', 'isAssignableToRole', 'securityEnabled', 'mailEnabled', 'deletedDateTime'] as const;
const DIRECTORY_OBJECT_FIELDS = [...new Set([...ROLE_FIELDS, ...GROUP_FIELDS])];
export const MEMBER_OF_SHAPE: CollectionShape = { contextName: 'directoryObjects', defaults: DIRECTORY_OBJECT_FIELDS, known: DIRECTORY_OBJECT_FIELDS };

export function groupRow(group: SimGroup): Row {
  return {
    '@odata.type': '#microsoft.graph.group',
    id: group.id,
    displayName: group.displayName,
    description: null,
    isAssignableToRole: group.isAssignableToRole,
    securityEnabled: group.securityEnabled,
    mailEnabled: group.mailEnabled,
    deletedDateTime: null,
  };
}

export function roleRow(role: SimDirectoryRole, typed = false): Row {
  return {
    ...(typed ? { '@odata.type': '#microsoft.graph.directoryRole' } : {}),
    id: role.id,
    displayName: role.displayName,
    description: role.description,
    roleTemplateId: role.roleTemplateId,
    deletedDateTime: null,
  };
}

export function byId<T extends { id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function shapeOf(contextName: string, fields: readonly string[]): CollectionShape {
  return { contextName, defaults: fields, known: fields };
}
