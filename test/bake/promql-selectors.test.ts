import { describe, expect, it } from '@jest/globals';
import { vectorSelectors } from '../../packages/core/src/bake/sources/promql-selectors.js';

describe('vectorSelectors', () => {
  it.each([
    ['up == 0', ['up']],
    [
      'sum by (route) (rate(http_requests_total{route="/checkout",code="500"}[3s])) / sum by (route) (rate(http_requests_total{route="/checkout"}[3s])) > 0.1',
      ['http_requests_total{route="/checkout",code="500"}', 'http_requests_total{route="/checkout"}'],
    ],
    [
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 0.8',
      ['http_request_duration_seconds_bucket'],
    ],
    ['rate(errors_total{msg="a } b"}[1m] offset 5m) > bool 1', ['errors_total{msg="a } b"}']],
    ['{job="api", __name__=~"x.*"} > 1', ['{job="api", __name__=~"x.*"}']],
    ['a_total / on (instance) group_left (zone) b_info', ['a_total', 'b_info']],
    ['vector(1) > 0', []],
    ['max_over_time(queue_depth[10m:1m]) > 100 and up', ['queue_depth', 'up']],
    ['absent(up{job="x"})', ['up{job="x"}']],
  ])('%s', (expr, selectors) => {
    expect(vectorSelectors(expr)).toEqual(selectors);
  });
});
