import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The tests' own reading of Microsoft's vendored table (not the bot's reader): the row whose GUID
 * column is `skuId`, and its first column, the product name as published.
 */
export const PRODUCT_TABLE_DIR = join(__dirname, '..', '..', 'vendor', 'microsoft', 'product-names');

export function productTableBytes(): Buffer {
  const source = JSON.parse(readFileSync(join(PRODUCT_TABLE_DIR, 'source.json'), 'utf8')) as { file: string };
  return gunzipSync(readFileSync(join(PRODUCT_TABLE_DIR, source.file)));
}

export function publishedProductName(skuId: string): string | undefined {
  const line = productTableBytes()
    .toString('utf8')
    .split('\r\n')
    .find((l) => l.toLowerCase().includes(`,${skuId.toLowerCase()},`));
  if (!line) return undefined;
  return line.startsWith('"') ? line.slice(1, line.indexOf('",')).replace(/""/g, '"') : line.slice(0, line.indexOf(','));
}
