/**
 * A Conditional Access policy that requires MFA, by the built-in `mfa` grant control or by an
 * authentication strength that satisfies MFA. Enabled ones are turned off on approval; report-only
 * ones (`enabledForReportingButNotEnforced`) enforce nothing and are left alone.
 */
export interface CaPolicyFinding {
  id: string;
  displayName: string;
  state: string;
  /** How it requires MFA; absent in closures recorded before strengths were read (the `mfa` control). */
  requires?: 'mfaControl' | 'authenticationStrength';
  /** The authentication strength's name, when that is how. */
  strength?: string;
}
