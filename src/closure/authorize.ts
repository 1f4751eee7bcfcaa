import { DirectoryReader, OrganizationFacts } from '../ports/directory.port';
import { BotReply, notice } from './replies';
import { Turn } from './turn';

export type Authorization = { ok: true; directory: DirectoryReader; organization: OrganizationFacts } | { ok: false; reply: BotReply };

/**
 * The check before anything else, always through Graph and never from what the client claims:
 * Graph's organization must be the tenant the activity comes from, and the sender must hold the
 * Global Administrator role there.
 */
export async function authorizeGlobalAdmin(turn: Turn, directory: DirectoryReader): Promise<Authorization> {
  const organization = await directory.organization();
  if (organization.id.toLowerCase() !== turn.tenantId.toLowerCase()) {
    return { ok: false, reply: notice('attention', 'refusal.title', 'refusal.wrongTenant') };
  }
  if (!(await directory.isGlobalAdmin(turn.actor.aadObjectId))) {
    return { ok: false, reply: notice('attention', 'refusal.title', 'refusal.notGlobalAdmin') };
  }
  return { ok: true, directory, organization };
}
