/**
 * GitLab CI keywords people bring along when they port a `.gitlab-ci.yml`, and what to write in Loom instead
 * (gaps-and-planned.md §D: they stay unknown keys, errors, but the error says what to do). One table per
 * place a key can stand; a key not listed gets the plain "allows keys …" message.
 */

const NO_RULES = 'Loom runs every job of the workflow (no rules/only/except; workflow.rules is recorded, not evaluated): run a subset with `loom run --local --job NAME`';

const JOB: Record<string, string> = {
  before_script: 'Loom has no before_script: put these commands at the start of script (a template shared through extends can hold the whole script)',
  after_script: 'Loom has no after_script yet: put the commands at the end of script (they run only when the steps before them pass)',
  allow_failure: 'Loom has no allow_failure yet (every job is blocking): let the command itself pass, e.g. `<command> || true`',
  when: 'Loom has no job when (manual, on_failure, delayed): a job runs once its needs, or the earlier stages, succeed; run one by hand with `loom run --local --job NAME`',
  rules: NO_RULES,
  only: NO_RULES,
  except: NO_RULES,
  timeout: 'Loom has no timeout yet: bound the command, e.g. `timeout 10m <command>`',
  retry: 'Loom has no retry yet: retry in the command, e.g. `for i in 1 2 3; do <command> && break; done`',
  parallel: 'Loom has no parallel/matrix yet: write one job per variant and share their settings with extends',
  matrix: 'Loom has no parallel/matrix yet: write one job per variant and share their settings with extends',
  dependencies: 'write needs instead: a job receives the artifacts of the jobs it needs (without needs, of every job of earlier stages); needs: [{job: build, artifacts: false}] waits without them',
  tags: 'Loom has no runner tags: jobs run on this machine (image: picks Docker, none the host shell)',
  environment: 'Loom has no environment (deployments) yet; there is no equivalent',
  trigger: 'Loom has no trigger (child or multi-project pipelines) yet; there is no equivalent',
  coverage: 'Loom has no coverage yet; there is no equivalent',
  interruptible: 'Loom has no interruptible yet; there is no equivalent (Ctrl-C cancels the whole run)',
  resource_group: 'Loom has no resource_group yet; there is no equivalent (--concurrency 1 runs one job at a time)',
  release: 'Loom has no release yet; there is no equivalent',
  pages: 'Loom has no pages; there is no equivalent',
  hooks: 'Loom has no hooks; put the commands in script',
  id_tokens: 'Loom has no id_tokens: declare what the job needs under secrets (a vault reference)',
  identity: 'Loom has no identity: declare what the job needs under secrets (a vault reference)',
  inherit: 'Loom has no inherit: a job takes default unless it sets the key itself',
};

const IMAGE: Record<string, string> = {
  entrypoint: 'Loom has no image.entrypoint: build an image whose Dockerfile sets the ENTRYPOINT you need (image: {name: <tag>, build: {context, dockerfile}})',
  pull_policy: 'Loom never pulls: a Docker job uses a local image, or builds one with image.build',
  docker: 'Loom has no image.docker options; there is no equivalent',
};

const ARTIFACTS: Record<string, string> = {
  reports: 'Loom has no artifacts:reports yet: list the report files under paths',
  expire_in: 'Loom keeps artifacts with the run record (loom clean removes old runs): remove expire_in',
  name: 'Loom names the archive itself (jobs/<job>/artifacts.tar.gz): remove name',
  untracked: 'Loom has no artifacts:untracked: list the files under paths',
  expose_as: 'Loom has no artifacts:expose_as; the run report links every job\'s artifacts',
  public: 'Loom has no artifacts:public; there is no equivalent',
  access: 'Loom has no artifacts:access; there is no equivalent',
};

/** GitLab's global keywords, written at the root of a `.gitlab-ci.yml`: in Loom they go under default. */
const ROOT: Record<string, string> = {
  image: 'write the workflow-wide image under default: (default: {image: …})',
  services: 'write workflow-wide services under default: (default: {services: […]})',
  cache: 'write the workflow-wide cache under default: (default: {cache: …})',
  before_script: `put these commands at the start of each job's script; ${JOB['before_script']!.split(': ')[0]}`,
  after_script: 'put these commands at the end of each job\'s script; Loom has no after_script yet',
  tags: JOB['tags']!,
};

export type GitlabPlace = 'job' | 'image' | 'artifacts' | 'root';

const TABLES: Record<GitlabPlace, Record<string, string>> = { job: JOB, image: IMAGE, artifacts: ARTIFACTS, root: ROOT };

/** What to write in Loom instead of GitLab key `key` at `place`, or `undefined` for a key GitLab does not have there. */
export function gitlabAdvice(key: string, place: GitlabPlace): string | undefined {
  const table = TABLES[place];
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** GitLab's YAML tags (`!reference [.x, script]`): Loom allows no tags. */
export function gitlabTagAdvice(source: string): string | undefined {
  if (source.startsWith('!reference')) return 'Loom has no !reference: share the lines through extends from a template job (.name), or write them out';
  return undefined;
}
