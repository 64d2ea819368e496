export { useTempDirs } from './temp-dirs.js';
export { writeTree } from './tree.js';
export type { Tree, TreeEntry } from './tree.js';
export { createGitRepo } from './git-repo.js';
export type { TestRepo } from './git-repo.js';
export { describeWithRequirement } from './requirements.js';
export { describeProvider } from './provider-suite/describe-provider.js';
export type { ProviderSuiteFactory, ProviderSuiteOptions, ProviderSuiteSubject, SuiteRequestOverrides } from './provider-suite/types.js';
