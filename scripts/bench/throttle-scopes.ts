import { Client } from '@microsoft/microsoft-graph-client';

/** 429s inside `$batch` answers by the quota their `x-ms-throttle-scope` names (graph-api.md §8.2). */
export interface ThrottleScopeCounts {
  /** The application over all tenants: what the shared ApplicationWriteBudget is for. */
  Application: number;
  /** App + tenant: each job's own WritePacer. */
  Tenant_Application: number;
  /** The tenant over all apps. */
  Tenant: number;
  /** No scope (e.g. the simulator's injected faults). */
  none: number;
}

export function noThrottles(): ThrottleScopeCounts {
  return { Application: 0, Tenant_Application: 0, Tenant: 0, none: 0 };
}

/**
 * The same client, counting the 429s of the items of every `$batch` answer it receives by scope:
 * measured on the wire, independently of what the executor makes of them.
 */
export function countingThrottleScopes(client: Client, counts: ThrottleScopeCounts): Client {
  const api = (path: string) => {
    const request = client.api(path);
    if (path !== '/$batch') return request;
    const post = request.post.bind(request);
    request.post = async (content: unknown) => {
      const answer = (await post(content)) as { responses?: Array<{ status: number; headers?: Record<string, string> }> } | undefined;
      for (const item of answer?.responses ?? []) {
        if (item.status !== 429) continue;
        const scope = Object.entries(item.headers ?? {})
          .find(([k]) => k.toLowerCase() === 'x-ms-throttle-scope')?.[1]
          ?.split('/')[0];
        if (scope === 'Application' || scope === 'Tenant_Application' || scope === 'Tenant') counts[scope]++;
        else counts.none++;
      }
      return answer;
    };
    return request;
  };
  return new Proxy(client, { get: (target, property, receiver) => (property === 'api' ? api : Reflect.get(target, property, receiver)) });
}
