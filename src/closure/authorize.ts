import { DirectoryReader, OrganizationFacts } from '../ports/directory.port';
import { BotReply, notice } from './replies';
import { Turn } from './turn';

export type Authorization = { ok: true; directory: DirectoryReader; organization: OrganizationFacts } | { ok: false; reply: BotReply };

/**
 * The check before anything else, always through Graph and never from what the client claims:
 * Graph's organization must be the tenant the activity comes from, and the sender must hold the
 * Global Administrator role there, active: a role only eligible in Privileged Identity Management is
 * not held until activated, and the admin is told to activate it. When the roles cannot be read the
 * GraphFailure propagates (fails closed: nothing starts, the admin reads why).
 */
export async function authorizeGlobalAdmin(turn: Turn, directory: DirectoryReader): Promise<Authorization> {
  const organization = await directory.organization();
  if (organization.id.toLowerCase() !== turn.tenantId.toLowerCase()) {
    return { ok: false, reply: notice('attention', 'refusal.title', 'refusal.wrongTenant') };
  }
  const status = await directory.globalAdminStatus(turn.actor.aadObjectId);
  if (status === 'eligibleOnly') return { ok: false, reply: notice('attention', 'refusal.title', 'refusal.activateGlobalAdmin') };
  if (status !== 'active') return { ok: false, reply: notice('attention', 'refusal.title', 'refusal.notGlobalAdmin') };
  return { ok: true, directory, organization };
}
