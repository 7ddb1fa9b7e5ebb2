import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ReviewPlatform } from '@hands-off/core';
import { GITLAB_RETRY, GitLabApiError, GitLabClient, gitlabGateRepository } from '@hands-off/gate-gitlab';
import { PROJECT_PATH, startGitLabStandIn, type GitLabStandIn } from '../support/gitlab-stand-in.js';
import { GATE_TOKEN, GATE_USER, HOUR, OTHER_SHA, SHA } from './gitlab-gate-helpers.js';

const NOW = Date.parse('2026-12-02T09:00:00Z');

let standIn: GitLabStandIn;
let client: GitLabClient;

beforeEach(async () => {
  standIn = await startGitLabStandIn();
  standIn.tokens.set(GATE_TOKEN, GATE_USER);
  client = new GitLabClient({
    apiUrl: standIn.apiUrl,
    token: GATE_TOKEN,
    clock: { now: () => NOW },
    sleep: async () => {},
    requestTimeoutMs: 1_500,
  });
});

afterEach(() => standIn.stop());

const review = { name: 'GitLab' } as ReviewPlatform;

function success(sha: string, finishedAt: number, environment = 'staging') {
  const at = new Date(finishedAt).toISOString();
  return standIn.addDeployment({
    environment,
    sha,
    status: 'success',
    finishedAt: at,
    jobFinishedAt: at,
    updatedAt: at,
  });
}

describe('gitlabGateRepository', () => {
  it('finds the latest successful deployment of the commit to the environment, past the first page', async () => {
    // 150 newer successes of other commits push this commit's onto the second page.
    const older = success(SHA, NOW - 9 * HOUR);
    const latest = success(SHA, NOW - 5 * HOUR);
    for (let i = 0; i < 150; i++) success(OTHER_SHA, NOW - HOUR + i * 1000);
    // Neither a newer one of the commit elsewhere, nor one still running, counts.
    success(SHA, NOW - HOUR, 'qa');
    standIn.addDeployment({ environment: 'staging', sha: SHA, status: 'running' });

    const repository = gitlabGateRepository(client, PROJECT_PATH, review);
    const found = await repository.lastSuccessfulDeployment('staging', SHA);

    expect(found).toEqual({ id: String(latest.id), succeededAt: NOW - 5 * HOUR });
    expect(found?.id).not.toBe(String(older.id));
    const lists = standIn.calls.filter((call) => call.path.includes('/deployments?'));
    expect(lists).toHaveLength(2);
    const query = new URL(lists[0]?.path ?? '', 'http://x').searchParams;
    expect(Object.fromEntries(query)).toMatchObject({
      environment: 'staging',
      status: 'success',
      order_by: 'finished_at',
      sort: 'desc',
      per_page: '100',
      page: '1',
    });
  });

  it('answers undefined when the commit was never deployed there', async () => {
    success(OTHER_SHA, NOW - HOUR);
    const repository = gitlabGateRepository(client, '42', review);
    await expect(repository.lastSuccessfulDeployment('staging', SHA)).resolves.toBeUndefined();
  });

  it('reads a file at a commit, and answers undefined for one that does not exist', async () => {
    standIn.project.files.set(`${SHA}:config/hands-off.yml`, 'version: 1\n');
    const repository = gitlabGateRepository(client, '42', review);

    await expect(repository.readFile('config/hands-off.yml', SHA)).resolves.toBe('version: 1\n');
    await expect(repository.readFile('config/hands-off.yml', OTHER_SHA)).resolves.toBeUndefined();
    // The path is one URL-encoded segment, as GitLab wants it.
    expect(standIn.calls[0]?.path).toBe(
      `/api/v4/projects/42/repository/files/config%2Fhands-off.yml/raw?ref=${SHA}`,
    );
  });

  it('throws, after a few attempts, when GitLab keeps failing: an outage is not a missing file', async () => {
    standIn.inject({ path: /\/raw$/, answer: 500, times: 100 });
    const repository = gitlabGateRepository(client, '42', review);

    const failure = repository.readFile('hands-off.yml', SHA);

    await expect(failure).rejects.toBeInstanceOf(GitLabApiError);
    await expect(failure).rejects.toMatchObject({ status: 500 });
    expect(standIn.calls).toHaveLength(GITLAB_RETRY.maxAttempts);
  });
});
