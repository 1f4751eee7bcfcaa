import { Context, Middleware } from '@microsoft/microsoft-graph-client';

/**
 * Attaches the bearer token to requests for the configured Graph origin, and to nothing else.
 * The SDK's AuthenticationHandler only ever authenticates https URLs, so it cannot serve the
 * loopback simulator; this one compares the exact origin (scheme, host and port), which is also
 * stricter: a `@odata.nextLink` pointing anywhere else never receives the token.
 */
export class BearerTokenMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly origin: string,
    private readonly token: () => Promise<string>,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.origin) {
      const value = `Bearer ${await this.token()}`;
      if (typeof context.request !== 'string') context.request.headers.set('Authorization', value);
      else {
        context.options = context.options ?? {};
        const headers = context.options.headers;
        if (headers instanceof Headers) headers.set('Authorization', value);
        else context.options.headers = { ...(headers as Record<string, string> | undefined), Authorization: value };
      }
    }
    if (!this.next) throw new Error('BearerTokenMiddleware must not be the last middleware');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
