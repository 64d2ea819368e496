/**
 * The commented starter file `loom config init` writes. Every supported key is there as a commented example;
 * as written it sets nothing (sections holding only comments read as empty), and uncommenting any example
 * line gives a valid file — the tests check both.
 */
export function configScaffold(layer: 'user' | 'repo'): string {
  const scope =
    layer === 'repo'
      ? '# Repo-scoped local runtime defaults for `loom run --local`, shared with everyone who clones the repo.'
      : '# Your machine-wide defaults for `loom run --local`; a repo\'s .loom/config.yml overrides them.';
  const base = layer === 'repo' ? '.loom/' : '~/.config/loom/';
  return `${scope}
# The workflow itself stays in .loom/workflow.yml; this file only tunes how it runs here.
# Precedence (high to low): --docker-workspace-mount flag, LOOM_* environment variables,
# .loom/config.yml, ~/.config/loom/config.yml, built-in defaults.
# \`loom config show\` prints the effective values and the layer each one came from.
# Relative paths below resolve against ${base} (the folder of this file).

runtime:
  docker:
    # How Docker jobs see the workspace. Default ephemeral_volume (a copy per job);
    # bind_mount shares the isolated workspace with the container.
    # workspaceMount: ephemeral_volume

  # Jobs running their steps at once (Loom extension; default the number of CPUs; --concurrency wins).
  # concurrency: 4

  # Where the cache store lives (Loom extension; default <repo>/.loom/.runtime/cache).
  # cache:
  #   dir: .runtime/cache

providers:
  keepass:
    # Vaults that keepass://<alias>/... secret references open, by alias name.
    aliases:
      # team/app:
      #   path: vaults/team-app.kdbx
      #   passwordEnv: TEAM_APP_PASSWORD
      #   keyfileEnv: TEAM_APP_KEYFILE
  op:
    # NAME of the environment variable holding the 1Password service account token.
    # serviceAccountTokenEnv: OP_SERVICE_ACCOUNT_TOKEN
`;
}
