import { GatewayMetrics } from '../GatewayMetrics';

describe('GatewayMetrics', () => {
  it('labels by operation name, but caps distinct names so clients cannot explode the series', async () => {
    const m = new GatewayMetrics();
    for (let i = 0; i < 250; i++) m.observeRequest(`Op${i}`, 200, 0.01);
    m.observeRequest(null, 400, 0.01);
    const { body } = await m.render();
    expect(body).toContain('gateway_graphql_requests_total{operation="Op0",status="200"} 1');
    expect(body).toContain('gateway_graphql_requests_total{operation="Op199",status="200"} 1');
    expect(body).not.toContain('operation="Op200"');
    expect(body).toContain('gateway_graphql_requests_total{operation="other",status="200"} 50');
    expect(body).toContain('gateway_graphql_requests_total{operation="anonymous",status="400"} 1');
  });
});
