/**
 * Requests Microsoft's permission data does not list, with the permissions their API page names
 * (least privileged first), and documented conditions the data cannot express. Each row cites the
 * page it comes from; nothing here is taken from the bot's code.
 */
export interface DocumentedPermissions {
  method: string;
  /** A template in the data's form: `{id}` for a key. */
  template: string;
  scheme: 'DelegatedWork' | 'Application';
  allowedBy: string[];
  citation: string;
  notes?: string;
}

const LIST_USERS = 'https://learn.microsoft.com/graph/api/user-list?view=graph-rest-1.0 (Permissions; "Get only a count of users")';
const DELETED_ITEMS_LIST = 'https://learn.microsoft.com/graph/api/directory-deleteditems-list?view=graph-rest-1.0 (Permissions, microsoft.graph.user)';
const DELETED_ITEMS_GET = 'https://learn.microsoft.com/graph/api/directory-deleteditems-get?view=graph-rest-1.0 (Permissions, microsoft.graph.user)';
const DELETED_ITEMS_DELETE = 'https://learn.microsoft.com/graph/api/directory-deleteditems-delete?view=graph-rest-1.0 (Permissions, microsoft.graph.user)';
const SUBSCRIPTIONS = 'https://learn.microsoft.com/graph/api/directory-list-subscriptions?view=graph-rest-1.0 (Permissions)';
const AUTH_STRENGTHS = 'https://learn.microsoft.com/graph/api/authenticationstrengthroot-list-policies?view=graph-rest-1.0 (Permissions)';
const BATCH = 'https://learn.microsoft.com/graph/json-batching ("each request is evaluated individually": the batch itself needs no permission)';
const USER_DELETE = 'https://learn.microsoft.com/graph/api/user-delete?view=graph-rest-1.0 (Permissions)';

export const DOCUMENTED_PERMISSIONS: readonly DocumentedPermissions[] = [
  { method: 'POST', template: '/$batch', scheme: 'DelegatedWork', allowedBy: [], citation: BATCH },
  { method: 'GET', template: '/users/$count', scheme: 'DelegatedWork', allowedBy: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'], citation: LIST_USERS },
  { method: 'GET', template: '/directory/deletedItems/microsoft.graph.user', scheme: 'DelegatedWork', allowedBy: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'], citation: DELETED_ITEMS_LIST },
  { method: 'GET', template: '/directory/deletedItems/{id}', scheme: 'DelegatedWork', allowedBy: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'], citation: DELETED_ITEMS_GET },
  { method: 'DELETE', template: '/directory/deletedItems/{id}', scheme: 'DelegatedWork', allowedBy: ['User.DeleteRestore.All', 'User.ReadWrite.All'], citation: DELETED_ITEMS_DELETE },
  { method: 'GET', template: '/directory/subscriptions', scheme: 'DelegatedWork', allowedBy: ['Organization.Read.All', 'Directory.Read.All'], citation: SUBSCRIPTIONS },
  {
    method: 'GET',
    template: '/identity/conditionalAccess/authenticationStrength/policies',
    scheme: 'DelegatedWork',
    allowedBy: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'Policy.ReadWrite.AuthenticationMethod'],
    citation: AUTH_STRENGTHS,
  },
  {
    method: 'DELETE',
    template: '/users/{id}',
    scheme: 'DelegatedWork',
    allowedBy: ['User.DeleteRestore.All', 'User.ReadWrite.All'],
    citation: USER_DELETE,
    notes: 'To delete a user who holds a privileged administrator role in delegated scenarios, the app must also be granted Directory.AccessAsUser.All and the caller must be a Global Administrator.',
  },
];
