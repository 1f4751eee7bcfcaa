import { readDataFile } from './data-file';
import { csdlModel, CsdlModel, StructuredType, TypeRef } from './csdl-model';

type TypeList = Record<string, Record<string, { navigationProperties?: string[]; properties?: string[] }>>;

/** Marks a member the beta lists name without saying its type (the lists carry names only). */
export const UNKNOWN_BETA_TYPE = 'beta.list-gives-no-type';

let model: CsdlModel | undefined;

/**
 * The beta service as far as Microsoft's beta type lists describe it: every entity and complex type
 * with the members it declares. The lists carry names only, so a member's type, a type's base type,
 * the entity container and bound operations are taken from the global v1.0 metadata where it has the
 * same type and member; a beta-only member is of an unknown type, and nothing can follow it.
 */
export function betaModel(): CsdlModel {
  if (model) return model;
  const v1 = csdlModel('public');
  const built: CsdlModel = { types: new Map(), enums: new Set(), entitySets: v1.entitySets, singletons: v1.singletons, operations: v1.operations };
  const add = (file: string, kind: 'entity' | 'complex') => {
    const lists = JSON.parse(readDataFile(file)) as TypeList;
    for (const [namespace, types] of Object.entries(lists)) {
      for (const [name, members] of Object.entries(types)) {
        const full = `${namespace}.${name}`;
        const known = v1.types.get(full);
        const typeOf = (member: string, declared?: Map<string, TypeRef>): TypeRef => declared?.get(member) ?? { name: UNKNOWN_BETA_TYPE, collection: false };
        const type: StructuredType = {
          name: full,
          kind,
          baseType: known?.baseType,
          properties: new Map((members.properties ?? []).map((p) => [p, typeOf(p, known?.properties)])),
          navigation: new Map((members.navigationProperties ?? []).map((p) => [p, typeOf(p, known?.navigation)])),
          alternateKeys: known?.alternateKeys ?? [],
          hasStream: known?.hasStream ?? false,
        };
        built.types.set(full, type);
      }
    }
  };
  add('beta-entity-types.json.gz', 'entity');
  add('beta-complex-types.json.gz', 'complex');
  const enums = JSON.parse(readDataFile('beta-enum-types.json.gz')) as Record<string, Record<string, unknown>>;
  for (const [namespace, types] of Object.entries(enums)) for (const name of Object.keys(types)) built.enums.add(`${namespace}.${name}`);
  model = built;
  return built;
}
