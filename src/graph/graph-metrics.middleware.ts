import { Context, Middleware } from '@microsoft/microsoft-graph-client';

export type GraphResponseObserver = (status: number, method: string) => void;

/**
 * Counts every Graph answer by status (throttling shows as 429) before the retry handler sees it,
 * so retried requests are counted as the service answered them.
 */
export class GraphMetricsMiddleware implements Middleware {
  private next?: Middleware;

  constructor(private readonly observe: GraphResponseObserver) {}

  async execute(context: Context): Promise<void> {
    try {
      await this.next!.execute(context);
    } finally {
      const method = (context.options?.method ?? 'GET').toUpperCase();
      this.observe(context.response?.status ?? 0, method);
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
