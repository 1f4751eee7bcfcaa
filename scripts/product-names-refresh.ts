/**
 * Refreshes the vendored copy of Microsoft's "Product names and service plan identifiers for licensing"
 * table from a CSV downloaded from Microsoft (the link is on
 * learn.microsoft.com/entra/identity/users/licensing-service-plan-reference):
 *   npm run product-names:refresh -- "<path to the downloaded .csv>"
 * The CSV is kept unchanged, gzip'd; source.json records its SHA-256, size and counts, and the test
 * checks the vendored file against it. Update the source lines in vendor/microsoft/product-names/README.md.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PRODUCT_NAMES_FILE, productNamesFromCsv, parseCsv } from '../src/steps/subscriptions/product-names.presenter';
import { projectRoot } from './project-root';

const source = process.argv[2];
if (!source) {
  console.error('usage: npm run product-names:refresh -- <Product names and service plan identifiers for licensing.csv>');
  process.exit(2);
}
const bytes = readFileSync(source);
const csv = bytes.toString('utf8');
const table = productNamesFromCsv(csv); // throws when a needed column is missing
const dir = join(projectRoot(__dirname), 'vendor', 'microsoft', 'product-names');
writeFileSync(join(dir, PRODUCT_NAMES_FILE), gzipSync(bytes, { level: 9 }));
const record = {
  file: PRODUCT_NAMES_FILE,
  csvSha256: createHash('sha256').update(bytes).digest('hex'),
  csvBytes: bytes.length,
  rows: parseCsv(csv.replace(/^\uFEFF/, '')).length - 1,
  products: table.size,
};
writeFileSync(join(dir, 'source.json'), `${JSON.stringify(record, null, 2)}\n`);
console.log(`vendored ${record.products} products (${record.rows} rows, ${record.csvBytes} bytes, sha256 ${record.csvSha256}); now update README.md's source lines`);
