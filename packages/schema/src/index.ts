export { parseWorkflow } from './parse-workflow.js';
export { readWorkflow } from './read-workflow.js';
export { workflowJsonSchema } from './json-schema.js';
export { deriveAlias as serviceAlias } from './services.js';
export type {
  ArtifactsSpec,
  CachePolicy,
  CacheWhen,
  CacheKeySpec,
  CacheEntry,
  ImageRef,
  SecretDecl,
  ServiceDecl,
  SourcePos,
  Job,
  Workflow,
  WorkflowIssue,
  WorkflowWarning,
  ParseResult,
  ParseOptions,
} from './model.js';
