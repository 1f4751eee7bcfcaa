import type { AuthorityValidationOptions, TokenCredentialOptions } from '@azure/identity';

/**
 * Extra settings for the Entra ID credentials, on top of the cloud's authority. Production passes
 * none. Tests pass a local stand-in for Entra ID: its https origin as `authorityHost`, its
 * throwaway certificate in `tlsOptions`, and `disableInstanceDiscovery` (instance discovery asks
 * login.microsoftonline.com about the authority, which only knows Microsoft's own). Not a setting:
 * it decides where the client secret is sent.
 */
export type GraphCredentialOptions = Pick<TokenCredentialOptions, 'authorityHost' | 'tlsOptions'> & AuthorityValidationOptions;
