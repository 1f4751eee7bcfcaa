import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closureCard } from '../../../src/cards';
import { parseCsv, productNames, productNamesFromCsv } from '../../../src/steps/subscriptions/product-names.presenter';
import { CLOUD_PROFILES } from '../../../src/config';
import { SubscriptionFactEvent } from '../../../src/core';
import { viewOf } from '../../../src/steps';
import { LOCALES } from '../../../src/i18n';
import { t } from '../../../src/steps/texts';
import { SKUS } from '../../../graph-sim/scenarios/skus';
import { PRODUCT_TABLE_DIR, productTableBytes, publishedProductName } from '../../support/product-table';
import { cardText } from '../../support/teams-activity';
import { atCancelSubscriptions, run, sub, sys } from '../../support/closure-fixtures';

/**
 * Subscriptions appear by the product names the admin center shows, taken from Microsoft's published
 * table (vendor/microsoft/product-names), never from a map written here.
 */
describe("Microsoft's table of product names, vendored", () => {
  it('is the CSV recorded in source.json, byte for byte', () => {
    const source = JSON.parse(readFileSync(join(PRODUCT_TABLE_DIR, 'source.json'), 'utf8')) as { csvSha256: string; csvBytes: number; products: number };
    const bytes = productTableBytes();
    expect({ sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length }).toEqual({ sha256: source.csvSha256, bytes: source.csvBytes });
    expect(productNames().size).toBe(source.products);
  });

  it.each(Object.entries(SKUS))("names the simulator's %s SKU as the table does", (_key, sku) => {
    const published = publishedProductName(sku.skuId);
    expect(published).toBeDefined();
    expect(productNames().nameOf({ skuId: sku.skuId, skuPartNumber: sku.skuPartNumber })).toBe(published);
    // Without the skuId (a closure stored before it was kept), the part number finds the same product.
    expect(productNames().nameOf({ skuPartNumber: sku.skuPartNumber })).toBe(published);
  });

  it('a part number that names two products is told apart by skuId only, never guessed', () => {
    const csv = 'Product_Display_Name,String_Id,GUID,Service_Plan_Name\r\n"Calling, small",MCOPSTN5,d43177b5-475b-4880-92d4-d54c27b5efbd,X\r\nCalling 120,MCOPSTN5,54a152dc-90de-4996-93d2-bc47e670fc06,Y\r\n';
    const table = productNamesFromCsv(csv);
    expect(table.nameOf({ skuId: 'D43177B5-475B-4880-92D4-D54C27B5EFBD', skuPartNumber: 'MCOPSTN5' })).toBe('Calling, small');
    expect(table.nameOf({ skuPartNumber: 'MCOPSTN5' })).toBeUndefined();
    // And it is so in Microsoft's table too.
    expect(productNames().nameOf({ skuPartNumber: 'MCOPSTN5' })).toBeUndefined();
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","d ""e""",\r\n"f\ng",h')).toEqual([
      ['a', 'b, c', 'd "e"', ''],
      ['f\ng', 'h'],
    ]);
  });

  it('refuses a file without the columns it needs', () => {
    expect(() => productNamesFromCsv('Name,Id\r\nx,y\r\n')).toThrow(/Product_Display_Name/);
  });
});

describe.each(LOCALES)('the subscriptions card (%s)', (locale) => {
  const links = CLOUD_PROFILES.public.links;
  const withSubscriptions = (subscriptions: SubscriptionFactEvent[]) => {
    const s = atCancelSubscriptions();
    return cardText(closureCard(locale, viewOf(run(s, sys(s, { type: 'subscriptionsRead', subscriptions })).state), { links }));
  };

  it('shows each subscription by its product name, with the part number beside it', () => {
    const text = withSubscriptions([{ ...sub('Enabled', SKUS.businessPremium.skuPartNumber), skuId: SKUS.businessPremium.skuId }, sub('Enabled', SKUS.exchangePlan1.skuPartNumber)]);
    for (const sku of [SKUS.businessPremium, SKUS.exchangePlan1]) {
      const label = t(locale, 'closure.list.product.named', { name: publishedProductName(sku.skuId)!, part: sku.skuPartNumber });
      expect(text).toContain(t(locale, 'closure.list.item', { label, value: t(locale, 'closure.subscriptionStatus.Enabled') }));
    }
    expect(text).not.toMatch(/^SPB:/m);
  });

  it("shows an unknown SKU by its part number and says it is not in Microsoft's table", () => {
    const text = withSubscriptions([{ ...sub('Enabled', 'CONTOSO_PILOT'), skuId: '00000000-0000-0000-0000-00000000c0de' }]);
    expect(text).toContain(t(locale, 'closure.list.item', { label: t(locale, 'closure.list.product.unknown', { part: 'CONTOSO_PILOT' }), value: t(locale, 'closure.subscriptionStatus.Enabled') }));
    expect(t(locale, 'closure.list.product.unknown', { part: 'X' })).toMatch(/Microsoft/);
  });
});
