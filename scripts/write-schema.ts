// Writes schema/policy.schema.json from the zod policy schema (`npm run schema`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { policyJsonSchemaText } from '../src/core/policy/json-schema.js';

const target = fileURLToPath(new URL('../schema/policy.schema.json', import.meta.url));
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, policyJsonSchemaText());
console.log(`wrote ${relative(process.cwd(), target) || target}`);
