import { describe, expectTypeOf, it } from 'vitest';
import type { Provider, PreparedJob, ProviderReportEvent } from '../src/index.js';

describe('contracts', () => {
  it('a Provider is generic over its prepared job', () => {
    interface HostPrepared extends PreparedJob { env: Record<string, string> }
    expectTypeOf<Provider<HostPrepared>['prepare']>().returns.resolves.toEqualTypeOf<HostPrepared>();
  });
  it('report events are a closed union on type', () => {
    expectTypeOf<ProviderReportEvent['type']>().toEqualTypeOf<'section_started' | 'section_finished' | 'output' | 'note' | 'warning'>();
  });
});
