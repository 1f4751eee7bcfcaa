/** Who the bot acts for in a Graph call: the tenant, and the admin whose turn or job it is. */
export interface GraphPrincipal {
  tenantId: string;
  userId: string;
}
