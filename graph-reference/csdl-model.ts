import { readDataFile } from './data-file';

/** A type named in the metadata: a fully qualified name (`microsoft.graph.user`, `Edm.String`), one or many. */
export interface TypeRef {
  name: string;
  collection: boolean;
}

/** An entity or complex type, with what it declares itself (inheritance is walked by the reader). */
export interface StructuredType {
  name: string;
  kind: 'entity' | 'complex';
  baseType?: string;
  properties: Map<string, TypeRef>;
  navigation: Map<string, TypeRef>;
  /** Aliases of the alternate keys (`roleTemplateId` for directoryRole), each key a list of aliases. */
  alternateKeys: string[][];
  hasStream: boolean;
}

/** A bound action or function. */
export interface BoundOperation {
  kind: 'action' | 'function';
  /** Fully qualified (`microsoft.graph.restore`). */
  name: string;
  binding: TypeRef;
  parameters: string[];
  returns?: TypeRef;
}

/** One cloud's v1.0 metadata, indexed. */
export interface CsdlModel {
  types: Map<string, StructuredType>;
  enums: Set<string>;
  /** Entity sets and singletons of the container, by name. */
  entitySets: Map<string, string>;
  singletons: Map<string, string>;
  /** Bound operations by short name (lower case). */
  operations: Map<string, BoundOperation[]>;
}

/** The metadata file of each Microsoft Graph deployment (learn.microsoft.com/graph/deployments). */
export const CLOUD_METADATA = {
  public: 'v1.0-Prod.csdl.gz',
  usgov: 'v1.0-Fairfax.csdl.gz',
  usgovdod: 'v1.0-Fairfax.csdl.gz',
  china: 'v1.0-Mooncake.csdl.gz',
} as const;

export type GraphCloud = keyof typeof CLOUD_METADATA;

const cache = new Map<string, CsdlModel>();

/** The v1.0 metadata of a cloud, parsed once per process (one file serves both US Government clouds). */
export function csdlModel(cloud: GraphCloud): CsdlModel {
  const file = CLOUD_METADATA[cloud];
  let model = cache.get(file);
  if (!model) {
    model = parseCsdl(readDataFile(file));
    cache.set(file, model);
  }
  return model;
}

const TAG = /<(\/?)([A-Za-z][\w:.]*)((?:\s+[\w:.]+="[^"]*")*)\s*(\/?)>/g;
const ATTRIBUTE = /([\w:.]+)="([^"]*)"/g;

function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) out[m[1]] = decodeEntities(m[2]);
  return out;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * A light scan of an EDMX document: only the elements this project reads (schemas and their aliases,
 * entity and complex types, properties, navigation properties, alternate keys, bound operations, the
 * entity container). Comments and text content are ignored; the files are Microsoft's generated
 * metadata, so a regular tag scan is enough.
 */
export function parseCsdl(xml: string): CsdlModel {
  const model: CsdlModel = { types: new Map(), enums: new Set(), entitySets: new Map(), singletons: new Map(), operations: new Map() };
  const aliases = new Map<string, string>();
  // First pass: namespaces and aliases, which type references anywhere may use.
  for (const m of xml.matchAll(/<Schema\s([^>]*)>/g)) {
    const a = attributes(m[1]);
    if (a.Alias) aliases.set(a.Alias, a.Namespace);
  }
  const qualify = (name: string): string => {
    const dot = name.lastIndexOf('.');
    if (dot < 0) return name;
    const prefix = name.slice(0, dot);
    const ns = aliases.get(prefix);
    return ns ? `${ns}.${name.slice(dot + 1)}` : name;
  };
  const typeRef = (text: string): TypeRef => {
    const c = /^Collection\((.*)\)$/.exec(text);
    return c ? { name: qualify(c[1]), collection: true } : { name: qualify(text), collection: false };
  };

  const stack: string[] = [];
  let namespace = '';
  let currentType: StructuredType | undefined;
  let currentOperation: (BoundOperation & { isBound: boolean }) | undefined;
  let inContainer = false;
  let alternateKeyDepth = -1;
  let currentAlternateKey: string[] | undefined;

  for (const m of xml.matchAll(TAG)) {
    const [, closing, tag, attrText, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open === 'EntityType' || open === 'ComplexType') currentType = undefined;
      if ((open === 'Action' || open === 'Function') && currentOperation) {
        if (currentOperation.isBound) {
          const short = currentOperation.name.slice(currentOperation.name.lastIndexOf('.') + 1).toLowerCase();
          const list = model.operations.get(short) ?? [];
          const { isBound: _bound, ...operation } = currentOperation;
          void _bound;
          list.push(operation);
          model.operations.set(short, list);
        }
        currentOperation = undefined;
      }
      if (open === 'EntityContainer') inContainer = false;
      if (open === 'Annotation' && stack.length === alternateKeyDepth) alternateKeyDepth = -1;
      continue;
    }
    const a = attributes(attrText);
    switch (tag) {
      case 'Schema':
        namespace = a.Namespace;
        break;
      case 'EntityType':
      case 'ComplexType':
        currentType = {
          name: `${namespace}.${a.Name}`,
          kind: tag === 'EntityType' ? 'entity' : 'complex',
          baseType: a.BaseType ? qualify(a.BaseType) : undefined,
          properties: new Map(),
          navigation: new Map(),
          alternateKeys: [],
          hasStream: a.HasStream === 'true',
        };
        model.types.set(currentType.name, currentType);
        if (selfClosing) currentType = undefined; // a type that declares nothing of its own
        break;
      case 'EnumType':
        model.enums.add(`${namespace}.${a.Name}`);
        break;
      case 'Property':
        currentType?.properties.set(a.Name, typeRef(a.Type));
        break;
      case 'NavigationProperty':
        currentType?.navigation.set(a.Name, typeRef(a.Type));
        break;
      case 'Action':
      case 'Function':
        currentOperation = { kind: tag === 'Action' ? 'action' : 'function', name: `${namespace}.${a.Name}`, binding: { name: '', collection: false }, parameters: [], isBound: a.IsBound === 'true' };
        break;
      case 'Parameter':
        if (currentOperation) {
          if (currentOperation.isBound && currentOperation.binding.name === '') currentOperation.binding = typeRef(a.Type);
          else currentOperation.parameters.push(a.Name);
        }
        break;
      case 'ReturnType':
        if (currentOperation) currentOperation.returns = typeRef(a.Type);
        break;
      case 'EntityContainer':
        inContainer = true;
        break;
      case 'EntitySet':
        if (inContainer) model.entitySets.set(a.Name, qualify(a.EntityType));
        break;
      case 'Singleton':
        if (inContainer) model.singletons.set(a.Name, qualify(a.Type));
        break;
      case 'Annotation':
        if (currentType && !currentOperation && a.Term === 'Org.OData.Core.V1.AlternateKeys') alternateKeyDepth = stack.length;
        break;
      case 'Record':
        if (alternateKeyDepth >= 0 && currentType && a.Type === 'Org.OData.Core.V1.AlternateKey') {
          currentAlternateKey = [];
          currentType.alternateKeys.push(currentAlternateKey);
        }
        break;
      case 'PropertyValue':
        if (alternateKeyDepth >= 0 && currentAlternateKey && a.Property === 'Alias' && a.String) currentAlternateKey.push(a.String);
        break;
    }
    if (!selfClosing) stack.push(tag);
  }
  return model;
}
