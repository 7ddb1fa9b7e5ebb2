import { InputError } from '../../errors.js';

/** A CloudWatch metric as written in `traffic` and `anomaly`: `cloudwatch <Namespace> <MetricName> [<Dim>=<Value> ...]`. */
export interface CloudWatchMetric {
  text: string;
  namespace: string;
  metricName: string;
  dimensions: { Name: string; Value: string }[];
}

const EXAMPLE = '`cloudwatch AWS/ApplicationELB RequestCount LoadBalancer=app/shop/50dc6c495c0c9188`';

/** Parses the `cloudwatch ...` form of a metric for the input `input`; errors show `example`. */
export function parseCloudWatchMetric(input: string, raw: string, example = EXAMPLE): CloudWatchMetric {
  const [keyword, namespace, metricName, ...dims] = raw.trim().split(/\s+/);
  if (keyword !== 'cloudwatch' || namespace === undefined || metricName === undefined) {
    throw new InputError(
      input,
      `\`${raw}\` is not \`cloudwatch <Namespace> <MetricName> [<Dim>=<Value> ...]\``,
      example,
    );
  }
  if (!/^[^:\s][^\s]{0,254}$/.test(namespace) || !/^[^\s]{1,255}$/.test(metricName)) {
    throw new InputError(input, `\`${raw}\` has an invalid namespace or metric name`, example);
  }
  if (dims.length > 30) throw new InputError(input, `\`${raw}\` has more than 30 dimensions`, example);
  const dimensions = dims.map((dim) => {
    const at = dim.indexOf('=');
    if (at <= 0 || at === dim.length - 1) {
      throw new InputError(input, `\`${dim}\` in \`${raw}\` is not a dimension \`Name=Value\``, example);
    }
    return { Name: dim.slice(0, at), Value: dim.slice(at + 1) };
  });
  return { text: raw.trim(), namespace, metricName, dimensions };
}
