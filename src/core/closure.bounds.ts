import { Actor, ClosureEvent } from './closure.events';
import type { RemovalFailure } from './directory-evidence';

/**
 * Texts from outside (Teams names, Graph names and error messages) are cut to these lengths before
 * the core looks at an event, so neither the closure document nor its audit outbox can grow with
 * what Graph or Teams send. Cards show at most this much anyway; ids, domains and the job cursor are
 * never cut (they are acted on).
 */
export const NAME_LIMIT = 64;
export const MESSAGE_LIMIT = 300;
export const CODE_LIMIT = 100;

/** `text` whole, or its first `limit - 1` characters and an ellipsis (never half a surrogate pair). */
export function clip(text: string, limit: number): string {
  if (typeof text !== 'string' || text.length <= limit) return text;
  let end = limit - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

const person = <P extends { name: string }>(p: P): P => ({ ...p, name: clip(p.name, NAME_LIMIT) });
const error = <E extends { code: string; message: string }>(e: E): E => ({ ...e, code: clip(e.code, CODE_LIMIT), message: clip(e.message, MESSAGE_LIMIT) });

const removalFailure = (f: RemovalFailure): RemovalFailure => ({ ...f, name: clip(f.name, NAME_LIMIT), code: clip(f.code, CODE_LIMIT), ...(f.message === undefined ? {} : { message: clip(f.message, MESSAGE_LIMIT) }) });

/** The event with every outside text cut to its limit; the same event when nothing is too long. */
export function boundEvent(event: ClosureEvent): ClosureEvent {
  const withActor = 'actor' in event ? { ...event, actor: person<Actor>(event.actor) } : event;
  switch (withActor.type) {
    case 'start':
      return { ...withActor, tenant: { ...withActor.tenant, displayName: clip(withActor.tenant.displayName, NAME_LIMIT) } };
    case 'handover':
      return { ...withActor, to: person(withActor.to) };
    case 'usersPreviewed':
      return {
        ...withActor,
        sample: withActor.sample.map((n) => (typeof n === 'string' ? clip(n, NAME_LIMIT) : { ...n, name: clip(n.name, NAME_LIMIT) })),
        kept: { ...withActor.kept, displayName: clip(withActor.kept.displayName, NAME_LIMIT) },
      };
    case 'subscriptionsRead':
      return {
        ...withActor,
        subscriptions: withActor.subscriptions.map((s) => ({
          ...s,
          ...(s.skuId === undefined ? {} : { skuId: clip(s.skuId, CODE_LIMIT) }),
          skuPartNumber: clip(s.skuPartNumber, NAME_LIMIT),
          status: clip(s.status, CODE_LIMIT),
        })),
      };
    case 'mfaRead':
      return { ...withActor, caPolicies: withActor.caPolicies.map((p) => ({ ...p, displayName: clip(p.displayName, NAME_LIMIT), state: clip(p.state, CODE_LIMIT) })) };
    case 'blockersRead':
      return {
        ...withActor,
        ...(withActor.applicationNames ? { applicationNames: withActor.applicationNames.map((n) => clip(n, NAME_LIMIT)) } : {}),
        ...(withActor.servicePrincipalNames ? { servicePrincipalNames: withActor.servicePrincipalNames.map((n) => clip(n, NAME_LIMIT)) } : {}),
        ...(withActor.azure?.read
          ? {
              azure: {
                ...withActor.azure,
                names: withActor.azure.names.slice(0, 10).map((n) => clip(n, NAME_LIMIT)),
                states: Object.fromEntries(
                  Object.entries(withActor.azure.states)
                    .slice(0, 8)
                    .map(([k, v]) => [clip(k, CODE_LIMIT), v]),
                ),
              },
            }
          : {}),
      };
    case 'jobCompleted':
    case 'deletedUsersPurged':
    case 'applicationsDeleted':
    case 'servicePrincipalsDeleted':
      return withActor.failures ? { ...withActor, failures: withActor.failures.map(removalFailure) } : withActor;
    case 'jobFailed':
    case 'commandFailed':
      return { ...withActor, error: error(withActor.error) };
    default:
      return withActor;
  }
}
