/**
 * JSON Schema of the hands-off config file (`.github/hands-off.yml` or `hands-off.yml`).
 * This object is the source; `npm run build` writes it to `schemas/hands-off.schema.json` for
 * editors, and a test keeps the two equal.
 */

const listOrText = {
  description: 'One item per line (a block string) or a YAML list.',
  oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
};

const boolean = {
  oneOf: [{ type: 'boolean' }, { enum: ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'] }],
};

const count = {
  oneOf: [
    { type: 'integer', minimum: 1 },
    { type: 'string', pattern: '^[1-9]\\d*$' },
  ],
};

/** A share of a fleet: a count of hosts or a percentage. */
const share = {
  oneOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^(\\d{1,5}|\\d{1,3}%)$' },
  ],
  examples: ['33%', 2],
};

const duration = { type: 'string', pattern: '^(0|(\\d+(ms|s|m|h|d))+)$', examples: ['90s', '1h30m'] };

/** Settings an environment entry may hold: the inputs that make sense to share across jobs. */
export const ENTRY_PROPERTIES = {
  extends: { type: 'string', description: 'Name of another environment whose settings this one inherits.' },
  timezone: {
    type: 'string',
    description: 'IANA time zone for all local times.',
    examples: ['Europe/Berlin'],
  },
  allow: {
    ...listOrText,
    description: 'Weekly windows when deployments may start, e.g. `Mon-Thu 09:00-17:00`.',
  },
  deny: {
    ...listOrText,
    description:
      'Deny periods: dates, date ranges, ISO intervals, weekly windows or `freeze <cron> .. <cron>` lines.',
  },
  holidays: {
    ...listOrText,
    description:
      'Holiday codes: a country `US`, a state `DE-BY` or a region `DE-BY-KATH`, each optionally with `+type`s to deny more than its public holidays: `bank`, `school`, `optional`, `observance` (`US+optional`). Each holiday denies the whole local day.',
    examples: ['DE-BY', ['US+optional', 'DE-BY-KATH+bank']],
  },
  calendars: { ...listOrText, description: 'Paths of iCalendar files whose events deny their time.' },
  alarms: { ...listOrText, description: 'CloudWatch alarm names or `prefix:<text>` lines.' },
  'alarm-missing-data': { enum: ['block', 'ignore'] },
  'aws-region': { type: 'string', examples: ['eu-central-1'] },
  wait: duration,
  runway: {
    ...duration,
    description:
      "window-guard: how long the windows must stay open from the start (the stage's worst case), e.g. `2h`; `0` = no check.",
    examples: ['2h', '1h30m'],
  },
  mode: { enum: ['enforce', 'dry-run'] },
  duration,
  'max-duration': duration,
  'poll-interval': duration,
  traffic: {
    type: 'string',
    description: '`cloudwatch <Namespace> <MetricName> [<Dim>=<Value> ...]` or `prometheus <selector>`.',
  },
  'min-traffic': {
    oneOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', pattern: '^\\d+$' },
    ],
  },
  'prometheus-url': { type: 'string', pattern: '^https?://' },
  'prometheus-rules': { ...listOrText, description: 'PromQL expressions with alerting-rule semantics.' },
  'alertmanager-url': { type: 'string', pattern: '^https?://' },
  'alertmanager-matchers': {
    ...listOrText,
    description: 'Matchers such as `service="shop", severity="page"`.',
  },
  probes: {
    ...listOrText,
    description: 'Synthetic requests: `GET https://api.example.com/health 200 <800ms`.',
  },
  anomaly: listOrText,
  baseline: duration,
  'breach-limit': {
    oneOf: [
      { type: 'integer', minimum: 1 },
      { type: 'string', pattern: '^[1-9]\\d*$' },
    ],
  },
  'error-limit': {
    oneOf: [
      { type: 'integer', minimum: 1 },
      { type: 'string', pattern: '^[1-9]\\d*$' },
    ],
  },
  'no-data': { enum: ['extend', 'fail', 'ignore'] },
  // one-box-deploy and rollback
  target: { enum: ['codedeploy', 'command'] },
  application: { type: 'string', description: 'CodeDeploy application (target `codedeploy`).' },
  'deployment-group': { type: 'string', description: 'CodeDeploy deployment group (target `codedeploy`).' },
  'deployment-config': { type: 'string', examples: ['CodeDeployDefault.OneAtATime'] },
  'auto-rollback': boolean,
  fast: boolean,
  timeout: duration,
  hosts: { ...listOrText, description: 'Target `command`: hosts, one per line.' },
  'deploy-command': { type: 'string', description: 'Target `command`: run once per host (no shell).' },
  'health-command': { type: 'string', description: 'Target `command`: run once per host after its deploy.' },
  'one-box-count': count,
  'batch-size': share,
  'min-healthy': share,
  'state-file': { type: 'string', examples: ['.hands-off/command-target.json'] },
  // build-signature, and verification before one-box-deploy and rollback
  'require-signature': {
    ...boolean,
    description:
      'one-box-deploy and rollback refuse to run without `bundle` or `envelope`: nothing unsigned reaches this environment.',
  },
  'kms-key-id': { type: 'string', examples: ['alias/release-signing'] },
  'public-key': { ...listOrText, description: 'Trusted public keys: PEM text or paths of PEM files.' },
  threshold: count,
  'expect-repository': {
    type: 'string',
    maxLength: 1024,
    pattern: '^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$',
    examples: ['acme/shop'],
  },
  'expect-ref': { type: 'string', pattern: '^refs/', examples: ['refs/heads/main'] },
  'expect-builder': { type: 'string' },
  checklist: { $ref: '#/$defs/checklist' },
  'require-reviewed': {
    ...boolean,
    description:
      'window-guard: one more blocker, the commit must have come in through a reviewed pull request with a complete checklist.',
  },
  'status-context': {
    type: 'string',
    minLength: 1,
    maxLength: 255,
    description:
      'code-review-checklist: the commit status it reports under, which branch protection requires.',
    examples: ['hands-off/checklist'],
  },
  'min-approvals': {
    oneOf: [
      { type: 'integer', minimum: 0, maximum: 100 },
      { type: 'string', pattern: '^\\d{1,3}$' },
    ],
    description:
      'code-review-checklist verify (and window-guard `require-reviewed`): approvals a merged pull request needs.',
  },
  overrides: { $ref: '#/$defs/overrides' },
} as const;

/**
 * What a phase block of the stage (`deploy`, `one-box`, `fleet` and their `bake`) may set: any
 * setting of an entry but the ones that shape the entry itself.
 */
const PHASE_PROPERTIES = Object.fromEntries(
  Object.entries(ENTRY_PROPERTIES).filter(([name]) => !['extends', 'overrides', 'checklist'].includes(name)),
);

/**
 * What the gate's `after` block may set besides `environment` and `bake`: the signals of the
 * previous wave and how they are judged, over that environment's own fleet-bake settings.
 */
export const GATE_AFTER_SIGNAL_NAMES = [
  'alarms',
  'aws-region',
  'traffic',
  'min-traffic',
  'prometheus-url',
  'prometheus-rules',
  'alertmanager-url',
  'alertmanager-matchers',
  'anomaly',
  'baseline',
  'no-data',
  'max-duration',
] as const;
const GATE_AFTER_SIGNAL_PROPERTIES = Object.fromEntries(
  GATE_AFTER_SIGNAL_NAMES.map((name) => [name, ENTRY_PROPERTIES[name]]),
);

/** The schema object. */
export const CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/hands-off/hands-off/schemas/hands-off.schema.json',
  title: 'hands-off configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    defaults: { $ref: '#/$defs/entry', description: 'Settings every environment starts from.' },
    overrides: { $ref: '#/$defs/overrides' },
    environments: {
      type: 'object',
      additionalProperties: { $ref: '#/$defs/entry' },
      propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
    },
    pipeline: {
      type: 'object',
      additionalProperties: false,
      required: ['waves'],
      description:
        'Pipelines as code: `hands-off generate github|gitlab` writes the workflow or pipeline that deploys these waves in order.',
      properties: {
        waves: {
          type: 'array',
          minItems: 1,
          description:
            'Waves in order: the environments of a wave deploy in parallel (one stage each); a wave starts when the one before it is deployed and baked.',
          items: { $ref: '#/$defs/wave' },
        },
      },
    },
  },
  $defs: {
    wave: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'environments'],
      properties: {
        name: {
          type: 'string',
          pattern: '^[a-z0-9][a-z0-9-]*$',
          maxLength: 63,
          description: 'Unique; names the jobs and stages of the wave.',
          examples: ['canary', 'wave-2'],
        },
        environments: {
          type: 'array',
          minItems: 1,
          description: 'Entries of `environments` (each in exactly one wave), deployed in parallel.',
          items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
          examples: [['us-east-1', 'ap-northeast-1']],
        },
        after: {
          ...duration,
          description:
            "A bake between this wave and the next (bake-and-watch with each environment's own signals); not on the last wave.",
          examples: ['1h', '12h'],
        },
      },
    },
    entry: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...ENTRY_PROPERTIES,
        deploy: {
          $ref: '#/$defs/phase',
          description:
            'The stage (`hands-off stage`): settings of both deployments (one box and fleet) and of their rollback, over the entry.',
        },
        'one-box': {
          $ref: '#/$defs/deployPhase',
          description:
            'The stage: the one-box deployment, over `deploy`; its `bake` block is the bake of the box.',
        },
        fleet: {
          $ref: '#/$defs/deployPhase',
          description:
            'The stage: the fleet deployment, over `deploy`; its `bake` block is the bake of the fleet.',
        },
        gate: {
          $ref: '#/$defs/gate',
          description:
            'The gate (a GitHub deployment protection rule, a GitLab deployment approval): the rules a deployment to this environment must pass before its job starts, over the entry.',
        },
      },
    },
    phase: { type: 'object', additionalProperties: false, properties: PHASE_PROPERTIES },
    deployPhase: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...PHASE_PROPERTIES,
        bake: {
          $ref: '#/$defs/phase',
          description: "This phase's bake: its signals and durations, over the entry.",
        },
      },
    },
    gate: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...PHASE_PROPERTIES,
        signature: {
          $ref: '#/$defs/gateSignature',
          description:
            "With `require-signature: true`: where the signature of the commit's artifact is published (`{sha}` = the commit).",
        },
        after: {
          $ref: '#/$defs/gateAfter',
          description:
            'Wait for the previous wave: its latest successful deployment of the same commit has baked this long with clean signals.',
        },
      },
    },
    gateSignature: {
      type: 'object',
      additionalProperties: false,
      required: ['subject'],
      properties: {
        bundle: {
          type: 'string',
          pattern: '^https?://',
          description:
            'URL of the Sigstore bundle build-signature wrote; must be under an endpoint the gate allows.',
          examples: ['https://artifacts.example.com/shop/{sha}/shop.zip.sigstore.json'],
        },
        envelope: {
          type: 'string',
          pattern: '^https?://',
          description: 'URL of the DSSE envelope (for `threshold` above 1), instead of `bundle`.',
        },
        subject: {
          type: 'string',
          minLength: 1,
          description: 'The artifact, as the signed statement names it.',
          examples: ['shop.zip'],
        },
      },
    },
    gateAfter: {
      type: 'object',
      additionalProperties: false,
      required: ['environment', 'bake'],
      properties: {
        ...GATE_AFTER_SIGNAL_PROPERTIES,
        environment: {
          type: 'string',
          pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
          description: "The previous wave's environment (an entry of `environments`).",
          examples: ['staging'],
        },
        bake: {
          ...duration,
          description: 'How long its deployment must have been out, with clean signals the whole time.',
          examples: ['12h'],
        },
      },
    },
    checklist: {
      type: 'object',
      additionalProperties: false,
      required: ['sections'],
      description:
        'The deployment-safety checklist code-review-checklist puts on every pull or merge request; replaces the default (Testing, Monitoring, Rollout) whole.',
      properties: {
        sections: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['title', 'items'],
            properties: {
              title: { type: 'string', minLength: 1 },
              items: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['id', 'label'],
                  properties: {
                    id: {
                      type: 'string',
                      pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
                      description: 'Stable and unique.',
                    },
                    label: { type: 'string', minLength: 1, maxLength: 200 },
                    required: { type: 'boolean', description: 'Default true.' },
                    when: {
                      type: 'array',
                      items: { type: 'string', minLength: 1 },
                      description:
                        'Repository-relative globs: the item appears only when a changed file matches.',
                      examples: [['db/migrations/**']],
                    },
                    na: {
                      type: 'boolean',
                      description: 'Default false: whether the item may be marked N/A.',
                    },
                    kind: {
                      enum: ['task', 'field'],
                      description: '`task` (default) or `field`: a free-text answer.',
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    overrides: {
      type: 'object',
      additionalProperties: false,
      description: 'Who may open a guard in an emergency with `override-reason`.',
      properties: { actors: { type: 'array', items: { type: 'string', minLength: 1 } } },
    },
  },
} as const;
