import type { DeploymentRecords } from '@hands-off/core';
import { redactText } from '@hands-off/core/secrets';
import type { Environment } from './github-runtime.js';

/** GitHub caps a deployment status description at 140 characters. */
const MAX_DESCRIPTION = 140;

/**
 * GitHub Deployments for the job's repository and commit, through the REST API at GITHUB_API_URL
 * (so GitHub Enterprise Server and test stand-ins work). Octokit is loaded only when used.
 */
export function githubDeploymentRecords(token: string, env: Environment): DeploymentRecords {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const logUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  const octokit = async () => {
    const { getOctokit } = await import('@actions/github');
    return getOctokit(token, { baseUrl: env.GITHUB_API_URL || 'https://api.github.com' });
  };
  const environments = new Map<string, string>();
  return {
    async create({ environment, revision, description }) {
      if (!owner || !repo || !env.GITHUB_SHA) throw new Error('GITHUB_REPOSITORY and GITHUB_SHA are not set');
      const response = await (
        await octokit()
      ).rest.repos.createDeployment({
        owner,
        repo,
        ref: env.GITHUB_SHA,
        environment,
        auto_merge: false,
        required_contexts: [],
        // A record on GitHub outlives the job: redacted like every other record.
        description: redactText(description).slice(0, MAX_DESCRIPTION),
        payload: { revision: redactText(revision) },
      });
      const id = String((response.data as { id?: number }).id ?? '');
      if (!id) throw new Error('GitHub answered without a deployment id');
      environments.set(id, environment);
      return id;
    },
    async setStatus(id, state, description) {
      await (
        await octokit()
      ).rest.repos.createDeploymentStatus({
        owner,
        repo,
        deployment_id: Number(id),
        state,
        description: redactText(description).slice(0, MAX_DESCRIPTION),
        environment: environments.get(id),
        ...(logUrl ? { log_url: logUrl } : {}),
      });
    },
  };
}
