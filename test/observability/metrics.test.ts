import { Metrics } from '../../src/observability/metrics';

describe('Metrics', () => {
  it('renders counters and gauges in the Prometheus text format, escaping label values', async () => {
    const metrics = new Metrics();
    const graph = metrics.counter('closure_bot_graph_responses_total', 'Graph answers');
    graph({ status: '200', method: 'GET' });
    graph({ status: '200', method: 'GET' });
    graph({ status: '429', method: 'DELETE' }, 3);
    metrics.gauge('closure_bot_closures', 'Closures', async () => [{ labels: { step: 'users', status: 'act"ive\n' }, value: 2 }]);
    const text = await metrics.render();
    expect(text).toContain('# TYPE closure_bot_graph_responses_total counter');
    expect(text).toContain('closure_bot_graph_responses_total{method="GET",status="200"} 2');
    expect(text).toContain('closure_bot_graph_responses_total{method="DELETE",status="429"} 3');
    expect(text).toContain('closure_bot_closures{status="act\\"ive\\n",step="users"} 2');
  });
});
