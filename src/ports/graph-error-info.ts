/**
 * A Graph request that failed, as the closure records it and the ports report it: Graph's code and
 * message, and how the Graph layer classified the failure. Defined with the ports because the ports'
 * results carry it (the user-deletion job's `error`); the core's events and state name it from here.
 */
export interface GraphErrorInfo {
  code: string;
  message: string;
  httpStatus?: number;
  /**
   * How the Graph layer classified the failure (src/graph/graph-failure.ts): `transient` was retried
   * and may pass later; every other kind needs the admin (or an administrator) to act first.
   * Absent when nothing classified it (an interrupted command).
   */
  kind?: 'transient' | 'signIn' | 'consent' | 'permission' | 'notFound' | 'refused';
  /** The request Graph refused, `METHOD /path`. */
  request?: string;
  /** For a refused permission: what Microsoft's data says about it (src/graph/permission-finding.ts). */
  permission?: {
    verdict: 'scopeMissing' | 'roleMissing' | 'scopesUnknown' | 'unlisted';
    name?: string;
    allowedBy: string[];
    declaredAllowing: string[];
  };
}
