/**
 * Authentication strengths (v1.0 `authenticationStrengthPolicy`): the three built-in ones every
 * tenant has, with the ids and `requirementsSatisfied` Microsoft documents (all three satisfy MFA),
 * plus a scenario's custom ones. A Conditional Access policy names one in
 * `grantControls.authenticationStrength`.
 */
export interface SimAuthenticationStrength {
  id: string;
  displayName: string;
  description: string;
  policyType: 'builtIn' | 'custom';
  /** `mfa` when every allowed combination is multifactor; `none` otherwise. */
  requirementsSatisfied: 'mfa' | 'none';
  allowedCombinations: string[];
  createdDateTime: string;
  modifiedDateTime: string;
}

const BUILT_IN_DATE = '2021-12-01T00:00:00Z';

export const BUILT_IN_STRENGTHS: readonly SimAuthenticationStrength[] = [
  {
    id: '00000000-0000-0000-0000-000000000002',
    displayName: 'Multifactor authentication',
    description: 'Combinations of methods that satisfy strong authentication, such as a password + SMS',
    policyType: 'builtIn',
    requirementsSatisfied: 'mfa',
    allowedCombinations: [
      'windowsHelloForBusiness',
      'fido2',
      'x509CertificateMultiFactor',
      'deviceBasedPush',
      'temporaryAccessPassOneTime',
      'temporaryAccessPassMultiUse',
      'password,microsoftAuthenticatorPush',
      'password,softwareOath',
      'password,hardwareOath',
      'password,sms',
      'password,voice',
    ],
    createdDateTime: BUILT_IN_DATE,
    modifiedDateTime: BUILT_IN_DATE,
  },
  {
    id: '00000000-0000-0000-0000-000000000003',
    displayName: 'Passwordless MFA',
    description: 'Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with the Microsoft Authenticator',
    policyType: 'builtIn',
    requirementsSatisfied: 'mfa',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor', 'deviceBasedPush'],
    createdDateTime: BUILT_IN_DATE,
    modifiedDateTime: BUILT_IN_DATE,
  },
  {
    id: '00000000-0000-0000-0000-000000000004',
    displayName: 'Phishing-resistant MFA',
    description: 'Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key',
    policyType: 'builtIn',
    requirementsSatisfied: 'mfa',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
    createdDateTime: BUILT_IN_DATE,
    modifiedDateTime: BUILT_IN_DATE,
  },
];
