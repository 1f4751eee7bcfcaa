import { declaredGraphScopes } from '../../graph-reference/declared-scopes';

let declared: readonly string[] | undefined;

/**
 * What a tenant has consented to unless its scenario says otherwise: exactly the delegated Graph
 * scopes the app registration declares (`aad.manifest.json`, read through graph-reference), which
 * is what the admin-consent page grants. Never the bot's code: the simulator learns what the app
 * asks for from the manifest and what each request needs from Microsoft's permission data.
 */
export function defaultAdminConsent(): readonly string[] {
  declared ??= declaredGraphScopes();
  return declared;
}
