import { describe } from 'vitest';

/**
 * `describe` for tests that need a real part of the machine (Docker, keepassxc-cli). When the part is
 * missing: under CI=true the tests run anyway and fail loudly (never skip); elsewhere they are skipped with
 * the reason in the title.
 */
export function describeWithRequirement(
  name: string,
  requirement: { available: boolean; what: string },
  body: () => void,
  options: { tags?: string[] } = {},
): void {
  const inCi = process.env['CI'] === 'true';
  if (requirement.available || inCi) {
    describe(name, { tags: options.tags ?? [] }, body);
    return;
  }
  describe.skip(`${name} (skipped: ${requirement.what} not available; CI=true makes this fail)`, body);
}
