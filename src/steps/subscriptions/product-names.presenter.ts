import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Product names as the admin center shows them ("Microsoft 365 Business Premium" for `SPB`), from
 * Microsoft's published table "Product names and service plan identifiers for licensing", vendored
 * unchanged (gzip'd) in vendor/microsoft/product-names/ with its source. A SKU missing from that table
 * has no name here: the card shows its part number and says so, never a guess.
 */
export const PRODUCT_NAMES_FILE = 'product-names-and-service-plan-identifiers-for-licensing.csv.gz';

export interface ProductNames {
  /** The product name for a subscription: by `skuId` (stable) first, by `skuPartNumber` only when that names one product. */
  nameOf(sku: { skuId?: string; skuPartNumber: string }): string | undefined;
  /** How many products the table names. */
  readonly size: number;
}

/** Works from `src/steps/subscriptions` (ts-jest) and from `dist/src/steps/subscriptions` (built), like the card templates. */
function vendoredFile(): string {
  const candidates = [join(__dirname, '..', '..', '..', 'vendor'), join(__dirname, '..', '..', '..', '..', 'vendor')].map((dir) => join(dir, 'microsoft', 'product-names', PRODUCT_NAMES_FILE));
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`Microsoft's product names table not found: vendor/microsoft/product-names/${PRODUCT_NAMES_FILE}`);
  return file;
}

/** RFC 4180 fields: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Reads the table's Product_Display_Name, String_Id and GUID columns (one row per service plan, so products repeat). */
export function productNamesFromCsv(csv: string): ProductNames {
  const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
  const column = (name: string) => {
    const index = header?.indexOf(name) ?? -1;
    if (index < 0) throw new Error(`Microsoft's product names table has no ${name} column (header: ${header?.join(',')})`);
    return index;
  };
  const [nameAt, partAt, guidAt] = [column('Product_Display_Name'), column('String_Id'), column('GUID')];
  const byId = new Map<string, string>();
  const byPart = new Map<string, Set<string>>();
  for (const row of rows) {
    const [name, part, guid] = [row[nameAt], row[partAt], row[guidAt]];
    if (!name || !part || !guid) continue;
    byId.set(guid.toLowerCase(), name);
    byPart.set(part, (byPart.get(part) ?? new Set()).add(name));
  }
  return {
    size: byId.size,
    nameOf({ skuId, skuPartNumber }) {
      const byGuid = skuId ? byId.get(skuId.toLowerCase()) : undefined;
      if (byGuid) return byGuid;
      // One part number can name two products (MCOPSTN5 does): then only the skuId tells which.
      const names = byPart.get(skuPartNumber);
      return names?.size === 1 ? [...names][0] : undefined;
    },
  };
}

let loaded: ProductNames | undefined;

/** The vendored table, read once. */
export function productNames(): ProductNames {
  loaded ??= productNamesFromCsv(gunzipSync(readFileSync(vendoredFile())).toString('utf8'));
  return loaded;
}
