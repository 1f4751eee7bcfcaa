export type Catalog = { [key: string]: string | Catalog };

/** One catalog from several: a later part's text wins, nested keys merge (a step's texts add to `closure.step`). */
export function mergeCatalogs(...parts: Catalog[]): Catalog {
  const into: Catalog = {};
  for (const part of parts) mergeInto(into, part);
  return into;
}

function mergeInto(into: Catalog, part: Catalog): void {
  for (const [key, value] of Object.entries(part)) {
    const existing = into[key];
    if (typeof value === 'string') into[key] = value;
    else if (existing !== undefined && typeof existing !== 'string') mergeInto(existing, value);
    else into[key] = mergeCatalogs(value);
  }
}
