/** Stable codes of this package's errors (the CLI maps codes to exit codes; records carry them). */
export const HostErrorCode = {
  workspaceMissing: 'HOST_WORKSPACE_MISSING',
  unsupported: 'HOST_UNSUPPORTED',
  badPath: 'HOST_BAD_PATH',
  spawnFailed: 'HOST_SPAWN_FAILED',
  copyFailed: 'HOST_COPY_FAILED',
} as const;
