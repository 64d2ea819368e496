import { describeProvider, describeWithRequirement } from '@loom/test-kit';
import { images, jobRequest, testProvider, dockerRequirement } from './support.js';

/** The image's PATH (loom-local/debian:bookworm sets Docker's default); Debian's /etc/profile resets PATH
 * for login shells, so the suite's PATH cases check that Loom puts it back. */
const debianPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

for (const stepTransport of ['attach', 'exec'] as const) {
  describeWithRequirement(`docker (${stepTransport})`, dockerRequirement, () => {
    describeProvider(`docker, ${stepTransport} transport, Debian image`, () => ({
      provider: testProvider({ stepTransport }),
      makeRequest: ({ workspaceDir, env }) => jobRequest(workspaceDir, { image: { name: images.debian }, env }),
      expectedPath: debianPath,
    }), { tags: ['docker'] });
  }, { tags: ['docker'] });
}
