import { afterEach, describe, expect, it } from '@jest/globals';
import { forgetSecrets, InputError, redactSecrets } from '@hands-off/core';
import { readGitLabGateConfig } from '@hands-off/gate-gitlab';

// No `glpat-` prefix: only its registration, not a credential pattern, can hide it.
const TOKEN = 'Hn4Vc8Jx2Ws6Pq9Bz3Ky';

function read(env: Record<string, string>) {
  return readGitLabGateConfig({ HANDS_OFF_GATE_GITLAB_TOKEN: TOKEN, CI_PROJECT_ID: '42', ...env });
}

/** The InputError `env` causes. */
function errorOf(env: Record<string, string>, withToken = true): InputError {
  try {
    if (withToken) read(env);
    else readGitLabGateConfig({ CI_PROJECT_ID: '42', ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error(`no error for ${JSON.stringify(env)}`);
}

afterEach(() => forgetSecrets());

describe('readGitLabGateConfig', () => {
  it('defaults to GitLab.com and the job project, with no endpoint allowed', () => {
    expect(read({})).toEqual({
      token: TOKEN,
      apiUrl: 'https://gitlab.com/api/v4',
      projects: ['42'],
      environments: [],
      allowedEndpoints: [],
      awsRegion: '',
      logDir: '',
    });
  });

  it('reads every setting, lists separated by commas or newlines', () => {
    const config = read({
      CI_API_V4_URL: 'https://gitlab.example.com/api/v4/',
      HANDS_OFF_GATE_GITLAB_PROJECTS: '42, acme/shop\ngroup/sub.group/api-service\n42',
      HANDS_OFF_GATE_GITLAB_ENVIRONMENTS: 'production,\nproduction-eu',
      HANDS_OFF_GATE_ALLOWED_ENDPOINTS:
        'https://prometheus.internal:9090/, http://alertmanager.internal:9093/',
      AWS_REGION: 'eu-central-1',
    });
    expect(config).toEqual({
      token: TOKEN,
      apiUrl: 'https://gitlab.example.com/api/v4',
      // The listed projects replace the job's, each once.
      projects: ['42', 'acme/shop', 'group/sub.group/api-service'],
      environments: ['production', 'production-eu'],
      allowedEndpoints: ['https://prometheus.internal:9090/', 'http://alertmanager.internal:9093/'],
      awsRegion: 'eu-central-1',
      logDir: '',
    });
  });

  it('registers the token as a secret, so no later line can show it', () => {
    read({});
    expect(redactSecrets(`PRIVATE-TOKEN: ${TOKEN}`)).not.toContain(TOKEN);
  });

  it('requires the token, saying what it is for', () => {
    const error = errorOf({}, false);
    expect(error.message).toMatch(
      /^input `HANDS_OFF_GATE_GITLAB_TOKEN`: is not set: the gate approves as the user/,
    );
    expect(error.message).toMatch(/example of a valid value: .*`api` scope/);
  });

  it('refuses a token with a line break without showing it', () => {
    const error = errorOf({ HANDS_OFF_GATE_GITLAB_TOKEN: `${TOKEN}\nextra` }, false);
    expect(error.message).toMatch(/HANDS_OFF_GATE_GITLAB_TOKEN`: contains spaces, line breaks/);
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).not.toContain('extra');
  });

  it.each<[Record<string, string>, RegExp]>([
    [
      { HANDS_OFF_GATE_GITLAB_PROJECTS: '42,acme shop' },
      /^input `HANDS_OFF_GATE_GITLAB_PROJECTS`: `acme shop` is neither a project id nor a project path .*example of a valid value: `42,acme\/shop`/,
    ],
    [{ HANDS_OFF_GATE_GITLAB_PROJECTS: '0' }, /`0` is neither a project id nor a project path/],
    [
      { CI_PROJECT_ID: '' },
      /^input `HANDS_OFF_GATE_GITLAB_PROJECTS`: is not set, nor is CI_PROJECT_ID: there is no project to sweep/,
    ],
    [{ CI_PROJECT_ID: 'acme/shop' }, /^input `CI_PROJECT_ID`: `acme\/shop` is not a project id/],
    [
      { CI_API_V4_URL: 'gitlab.example.com/api/v4' },
      /^input `CI_API_V4_URL`: `gitlab\.example\.com\/api\/v4` is not an http\(s\) URL .*`https:\/\/gitlab\.example\.com\/api\/v4`/,
    ],
    [{ CI_API_V4_URL: 'https://gitlab.example.com/api/v4?x=1' }, /^input `CI_API_V4_URL`: /],
    [
      { HANDS_OFF_GATE_ALLOWED_ENDPOINTS: 'https://user:pw@prometheus.internal/' },
      /^input `HANDS_OFF_GATE_ALLOWED_ENDPOINTS`: .* is not an http\(s\) URL prefix without credentials/,
    ],
    [
      { HANDS_OFF_GATE_ALLOWED_ENDPOINTS: 'file:///etc/passwd' },
      /`file:\/\/\/etc\/passwd` is not an http\(s\) URL/,
    ],
  ])('refuses %j with one line naming the variable', (env, message) => {
    const error = errorOf(env);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain(TOKEN);
  });
});
