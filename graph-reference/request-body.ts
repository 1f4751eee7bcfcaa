import { BoundOperation, CsdlModel, findMember, ResolvedSegment } from './csdl';

/**
 * Whether a write's JSON body names what the target has: for PATCH (and POST creating an entity),
 * properties of the resolved type, or `nav@odata.bind` of its navigation properties; for an action,
 * its parameters. Instance annotations (`@odata.type`, …) are allowed. Types the data cannot describe
 * (a beta member of unknown type) are not judged.
 */
export function requestBodyProblems(model: CsdlModel, method: string, result: ResolvedSegment, operation: BoundOperation | undefined, body: unknown): string[] {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) return [];
  const keys = Object.keys(body as Record<string, unknown>).filter((k) => !k.startsWith('@'));
  if (operation) {
    return keys.filter((k) => !operation.parameters.includes(k)).map((k) => `body names "${k}", which is not a parameter of ${operation.name} (${operation.parameters.join(', ') || 'none'})`);
  }
  const upper = method.toUpperCase();
  if (upper !== 'PATCH' && upper !== 'POST' && upper !== 'PUT') return [];
  const type = result.type.name;
  if (!model.types.has(type)) return [];
  return keys.flatMap((key) => {
    const bind = /^(.+)@odata\.bind$/.exec(key);
    const member = findMember(model, type, bind ? bind[1] : key);
    if (!member) return [`body names "${key}", which ${type} does not have`];
    if (bind && member.kind !== 'navigation') return [`body binds "${bind[1]}", which is not a navigation property of ${type}`];
    return [];
  });
}
