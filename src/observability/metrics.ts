/**
 * A minimal metrics registry rendered in the Prometheus text format (GET /metrics): counters that
 * only go up, and gauges read when scraped. No dependency: the bot needs a handful of series.
 */
export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly gauges = new Map<string, { help: string; read: () => Promise<Array<{ labels: Record<string, string>; value: number }>> }>();

  counter(name: string, help: string): (labels?: Record<string, string>, by?: number) => void {
    const series = this.counters.get(name) ?? { help, values: new Map<string, number>() };
    this.counters.set(name, series);
    return (labels = {}, by = 1) => {
      const key = labelText(labels);
      series.values.set(key, (series.values.get(key) ?? 0) + by);
    };
  }

  gauge(name: string, help: string, read: () => Promise<Array<{ labels: Record<string, string>; value: number }>>): void {
    this.gauges.set(name, { help, read });
  }

  async render(): Promise<string> {
    const lines: string[] = [];
    for (const [name, { help, values }] of this.counters) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, value] of values) lines.push(`${name}${labels} ${value}`);
    }
    for (const [name, { help, read }] of this.gauges) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
      for (const { labels, value } of await read()) lines.push(`${name}${labelText(labels)} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}
