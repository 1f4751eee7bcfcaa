import { BoundOperation, csdlModel, CsdlModel, GraphCloud, StructuredType, TypeRef } from './csdl-model';

export { csdlModel, CLOUD_METADATA } from './csdl-model';
export type { CsdlModel, GraphCloud, StructuredType, TypeRef, BoundOperation } from './csdl-model';

/** What one segment of a request path turned out to be. */
export interface ResolvedSegment {
  segment: string;
  kind: 'entitySet' | 'singleton' | 'navigation' | 'property' | 'key' | 'alternateKey' | 'cast' | 'action' | 'function' | '$count' | '$ref' | '$value' | '$batch';
  /** The type the path stands on after this segment (for `$count`, the counted collection's). */
  type: TypeRef;
  /** For a cast: the navigation property (or entity set) whose collection it casts. */
  castOf?: string;
  /** For an action or function: the operation the metadata binds to the type. */
  operation?: BoundOperation;
}

export type PathResolution = { ok: true; segments: ResolvedSegment[]; result: ResolvedSegment } | { ok: false; segments: ResolvedSegment[]; segment: string; index: number; reason: string };

const QUALIFIED = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/;
const CALL = /^([^()]+)\((.*)\)$/s;

/** Walks the inheritance chain of a type, itself first. */
export function typeChain(model: CsdlModel, name: string): StructuredType[] {
  const chain: StructuredType[] = [];
  let current = model.types.get(name);
  while (current && chain.length < 32) {
    chain.push(current);
    current = current.baseType ? model.types.get(current.baseType) : undefined;
  }
  return chain;
}

/** Whether `type` is `base` or derives from it. */
export function derivesFrom(model: CsdlModel, type: string, base: string): boolean {
  return typeChain(model, type).some((t) => t.name === base);
}

/** A structural or navigation property declared on the type or inherited from its base types. */
export function findMember(model: CsdlModel, type: string, name: string): { kind: 'property' | 'navigation'; type: TypeRef } | undefined {
  for (const t of typeChain(model, type)) {
    const property = t.properties.get(name);
    if (property) return { kind: 'property', type: property };
    const navigation = t.navigation.get(name);
    if (navigation) return { kind: 'navigation', type: navigation };
  }
  return undefined;
}

/**
 * A bound action or function callable on `on` by this (possibly qualified) name: the overload bound
 * to the nearest type of `on`'s inheritance chain (`users/delta` is user's, not directoryObject's).
 */
export function findBoundOperation(model: CsdlModel, on: TypeRef, name: string): BoundOperation | undefined {
  const short = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const qualified = name.includes('.');
  const chain = typeChain(model, on.name).map((t) => t.name);
  const distance = (op: BoundOperation) => chain.indexOf(op.binding.name);
  const candidates = (model.operations.get(short) ?? []).filter((op) => (!qualified || op.name.toLowerCase() === name.toLowerCase()) && op.binding.collection === on.collection && distance(op) >= 0);
  return candidates.sort((a, b) => distance(a) - distance(b))[0];
}

function splitCall(segment: string): { name: string; args?: string } {
  const call = CALL.exec(segment);
  return call ? { name: call[1], args: call[2] } : { name: segment };
}

/** `roleTemplateId='62e9…'` → ['roleTemplateId']; a bare key (`'abc'`) → []. */
function argumentNames(args: string): string[] {
  if (!/^\s*[A-Za-z_]\w*\s*=/.test(args)) return [];
  return args.split(',').map((a) => a.split('=')[0].trim());
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The path segments of a request below the version: `/v1.0/users/x?$select=id` → ['users', 'x']. */
export function pathSegments(path: string): string[] {
  const withoutQuery = path.split('?')[0].replace(/^https?:\/\/[^/]+/i, '');
  const segments = withoutQuery.split('/').filter(Boolean).map(decode);
  if (segments[0] === 'v1.0' || segments[0] === 'beta') segments.shift();
  return segments;
}

/**
 * Resolves a request path against one cloud's metadata, segment by segment, the way an OData
 * service does: container members first, then navigation and structural properties (inherited
 * through BaseType), keys and alternate keys, casts to a derived type, bound actions and functions,
 * and `$count`, `$ref`, `$value`. The first segment that does not resolve is named with the reason.
 */
export function resolvePath(model: CsdlModel, path: string): PathResolution {
  const segments = pathSegments(path);
  const resolved: ResolvedSegment[] = [];
  const fail = (index: number, reason: string): PathResolution => ({ ok: false, segments: resolved, segment: segments[index] ?? '', index, reason });
  if (segments.length === 0) return fail(0, 'the path names no resource');

  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const previous = resolved[resolved.length - 1];
    const step = previous ? nextSegment(model, previous, segment) : firstSegment(model, segment);
    if (typeof step === 'string') return fail(i, step);
    resolved.push(...step);
    const last = step[step.length - 1];
    if ((last.kind === '$count' || last.kind === '$value' || last.kind === '$batch') && i < segments.length - 1) return fail(i + 1, `nothing may follow ${last.kind}`);
  }
  return { ok: true, segments: resolved, result: resolved[resolved.length - 1] };
}

function firstSegment(model: CsdlModel, segment: string): ResolvedSegment[] | string {
  if (segment === '$batch') return [{ segment, kind: '$batch', type: { name: '$batch', collection: false } }];
  const { name, args } = splitCall(segment);
  const set = model.entitySets.get(name);
  if (set) {
    const collection: ResolvedSegment = { segment: name, kind: 'entitySet', type: { name: set, collection: true } };
    if (args === undefined) return [collection];
    const key = keySegment(model, collection, args, segment);
    return typeof key === 'string' ? key : [collection, key];
  }
  const singleton = model.singletons.get(name);
  if (singleton && args === undefined) return [{ segment, kind: 'singleton', type: { name: singleton, collection: false } }];
  return `"${name}" is neither an entity set nor a singleton of this cloud's service`;
}

function keySegment(model: CsdlModel, collection: ResolvedSegment, args: string, segment: string): ResolvedSegment | string {
  const names = argumentNames(args);
  const single: TypeRef = { name: collection.type.name, collection: false };
  if (names.length === 0) return { segment, kind: 'key', type: single };
  const alternate = typeChain(model, collection.type.name).flatMap((t) => t.alternateKeys);
  const match = alternate.find((key) => key.length === names.length && key.every((k) => names.includes(k)));
  if (match) return { segment, kind: 'alternateKey', type: single };
  const keyNames = alternate.map((k) => k.join(',')).join('; ') || 'none';
  return `${names.join(',')} is not a key of ${collection.type.name} (alternate keys: ${keyNames})`;
}

function nextSegment(model: CsdlModel, previous: ResolvedSegment, segment: string): ResolvedSegment[] | string {
  const on = previous.type;
  if (previous.kind === '$ref') return 'nothing may follow $ref';
  if (segment === '$batch') return '$batch is only valid at the service root';

  if (segment === '$count') {
    if (!on.collection) return `$count needs a collection, and ${on.name} is a single value`;
    return [{ segment, kind: '$count', type: on }];
  }
  if (segment === '$ref') {
    if (previous.kind !== 'navigation' && previous.kind !== 'key' && previous.kind !== 'cast') return '$ref follows a navigation property (or a key of one)';
    return [{ segment, kind: '$ref', type: on }];
  }
  if (segment === '$value') {
    const structured = model.types.get(on.name);
    if (on.collection) return '$value needs a single value';
    if (structured && !structured.hasStream) return `$value needs a media entity or a primitive property, and ${on.name} has no stream`;
    return [{ segment, kind: '$value', type: on }];
  }

  const { name, args } = splitCall(segment);

  // A cast to a type of the metadata: allowed only to the type itself or a type derived from it.
  if (args === undefined && QUALIFIED.test(name) && model.types.has(name)) {
    if (!derivesFrom(model, name, on.name)) return `cast to ${name}: it does not derive from ${on.name}`;
    const castOf = previous.kind === 'cast' ? previous.castOf : previous.segment;
    return [{ segment, kind: 'cast', type: { name, collection: on.collection }, castOf }];
  }

  // A bound action or function (possibly qualified, possibly called with parameters).
  const operation = findBoundOperation(model, on, name);
  if (operation) {
    const returns = operation.returns ?? { name: 'Edm.Untyped', collection: false };
    return [{ segment, kind: operation.kind, type: returns, operation }];
  }
  if (QUALIFIED.test(name) && /^microsoft\.graph\./i.test(name)) return `${name} is neither a type derived from ${on.name} nor an action or function bound to it`;

  if (on.collection) {
    if (args !== undefined) return `"${segment}": a collection of ${on.name} takes a key in its own segment, not a call`;
    // Anything else under a collection is a key (an id, or a user principal name for users).
    return [{ segment, kind: 'key', type: { name: on.name, collection: false } }];
  }

  const member = findMember(model, on.name, name);
  if (!member) return `${on.name} has no property, navigation property or bound operation "${name}"`;
  const step: ResolvedSegment = { segment: name, kind: member.kind === 'navigation' ? 'navigation' : 'property', type: member.type };
  if (args === undefined) return [step];
  if (!member.type.collection) return `"${segment}": ${name} is not a collection and takes no key`;
  const key = keySegment(model, step, args, segment);
  return typeof key === 'string' ? key : [step, key];
}

/** Resolves a path against the v1.0 metadata of a cloud. */
export function resolveV1Path(cloud: GraphCloud, path: string): PathResolution {
  return resolvePath(csdlModel(cloud), path);
}
