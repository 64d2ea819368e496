import { describeProvider } from '@loom/test-kit';
import { createHostProvider } from '../src/index.js';
import { hostRequest } from './support.js';

describeProvider('host', () => ({
  provider: createHostProvider(),
  makeRequest: ({ workspaceDir, env }) => hostRequest(workspaceDir, env),
  // Host jobs inherit the caller's PATH; the login profile must not replace it.
  expectedPath: process.env['PATH'] ?? '',
}));
