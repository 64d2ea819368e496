// Regenerates packages/schema/workflow.schema.json from the zod schema (src/zod-schema.ts), via the built
// dist/. Run `pnpm --filter @loom/schema json-schema` after changing the format; test/json-schema.test.ts
// fails while the committed file is stale.
import { writeFileSync } from 'node:fs';
import { workflowJsonSchema } from '../dist/index.js';

const target = new URL('../workflow.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(workflowJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
