/** Real SKU ids and part numbers, so subscribedSkus and companySubscription look familiar. */
export const SKUS = {
  businessPremium: { skuPartNumber: 'SPB', skuId: 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46', servicePlans: ['EXCHANGE_S_STANDARD', 'TEAMS1', 'SHAREPOINTSTANDARD', 'AAD_PREMIUM'] },
  businessBasic: { skuPartNumber: 'O365_BUSINESS_ESSENTIALS', skuId: '3b555118-da6a-4418-894f-7df1e2096870', servicePlans: ['EXCHANGE_S_STANDARD', 'TEAMS1', 'SHAREPOINTSTANDARD'] },
  exchangePlan1: { skuPartNumber: 'EXCHANGESTANDARD', skuId: '4b9405b0-7788-4568-add1-99614e613b69', servicePlans: ['EXCHANGE_S_STANDARD'] },
  powerBiPro: { skuPartNumber: 'POWER_BI_PRO', skuId: 'f8a1db68-be16-40ed-86d5-cb42ce701560', servicePlans: ['BI_AZURE_P2'] },
  e3: { skuPartNumber: 'ENTERPRISEPACK', skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', servicePlans: ['EXCHANGE_S_ENTERPRISE', 'TEAMS1', 'SHAREPOINTENTERPRISE'] },
  e5: { skuPartNumber: 'ENTERPRISEPREMIUM', skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df', servicePlans: ['EXCHANGE_S_ENTERPRISE', 'TEAMS1', 'MFA_PREMIUM'] },
  entraP1: { skuPartNumber: 'AAD_PREMIUM', skuId: '078d2b04-f1bd-4111-bbd4-b4b1b354cef4', servicePlans: ['AAD_PREMIUM', 'MFA_PREMIUM'] },
} as const;
