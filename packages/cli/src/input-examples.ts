/**
 * An example value of every input, by name, for `hands-off <step> --help` and flag errors. An input
 * means the same in every step that has it. Descriptions and defaults are not here: they come from
 * each step's action.yml and its InputSpec; a test fails when an input of an action.yml has no
 * example here, or an example names no input.
 */
export const INPUT_EXAMPLES: Readonly<Record<string, string>> = {
  // Shared by every step.
  config: '.github/hands-off.yml',
  environment: 'production',
  mode: 'dry-run',
  alarms: 'shop-onebox-5xx',
  'aws-region': 'eu-west-1',
  'poll-interval': '30s',
  // window-guard
  timezone: 'Europe/Berlin',
  allow: 'Mon-Thu 09:00-17:00',
  deny: 'Fri 14:00-24:00',
  holidays: 'DE-BY',
  calendars: '.github/blackdays.ics',
  'alarm-missing-data': 'ignore',
  'override-reason': 'INC-4711 hotfix for the checkout outage',
  at: '2026-11-27T10:00:00Z',
  wait: '30m',
  runway: '2h',
  // bake-and-watch
  duration: '30m',
  'max-duration': '2h',
  traffic: 'cloudwatch AWS/ApplicationELB RequestCount LoadBalancer=app/shop/1',
  'min-traffic': '100',
  'prometheus-url': 'http://prometheus.monitoring:9090',
  'prometheus-rules': 'sum(rate(http_requests_total{code=~"5.."}[1m])) > 1',
  'alertmanager-url': 'http://alertmanager.monitoring:9093',
  'alertmanager-matchers': 'service="shop", severity="page"',
  probes: 'GET https://api.example.com/health 200 <800ms',
  anomaly: 'cloudwatch AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/shop/1 rises 3x',
  baseline: '1h',
  'breach-limit': '2',
  'error-limit': '3',
  'no-data': 'fail',
  checkpoint: '.hands-off/bake-checkpoint.json',
  'run-for': '3m',
  // one-box-deploy and rollback
  target: 'command',
  application: 'shop',
  'deployment-group': 'shop-onebox',
  revision: 's3://shop-builds/shop-v2.zip',
  'deployment-config': 'CodeDeployDefault.OneAtATime',
  stage: 'fleet',
  'auto-rollback': 'false',
  timeout: '30m',
  artifact: 'build/shop.zip',
  digest: 'sha256:9d6198cf4ce082f51447edf99bd89aad79587ae7f37a7480e6904e74d2020924',
  hosts: 'app-1.internal',
  'deploy-command': './scripts/deploy.sh',
  'health-command': './scripts/healthy.sh',
  'one-box-count': '2',
  'batch-size': '25%',
  'min-healthy': '75%',
  'state-file': '.hands-off/command-target.json',
  'github-token': '$GITHUB_TOKEN',
  'deployment-id': 'd-ABCDEF123',
  to: 'v1',
  reason: 'one-box bake unhealthy',
  fast: 'false',
  // window-guard require-reviewed (and code-review-checklist)
  'require-reviewed': 'true',
  'min-approvals': '2',
  'status-context': 'hands-off/checklist',
  commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
  'dry-run': 'true',
  // build-signature
  'subject-path': 'dist/app.tar.gz',
  archive: 'true',
  key: '$RELEASE_SIGNING_KEY',
  'kms-key-id': 'alias/release-signing',
  predicate: 'build/provenance.json',
  bundle: '.hands-off/signature/app.tar.gz.sigstore.json',
  envelope: '.hands-off/signature/app.tar.gz.intoto.jsonl',
  'public-key': 'keys/release-signing.pub',
  threshold: '2',
  'expect-repository': 'acme/shop',
  'expect-ref': 'refs/heads/main',
  'expect-commit': '9fceb02d0ae598e95dc970b74767f19372d61af8',
  'expect-builder': 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
  // The CLI's own options.
  'output-dir': 'build/hands-off',
  'output-prefix': 'ONE_BOX_DEPLOY_FLEET',
};

/**
 * Where one step gives an input another meaning than the others, its example: build-signature's
 * `mode` is `sign` or `verify`, and its `output-dir` is where the signature files go.
 */
export const STEP_INPUT_EXAMPLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'build-signature': { mode: 'verify', 'output-dir': '.hands-off/signature' },
  'code-review-checklist': { mode: 'verify' },
};
