// Enforces DESIGN.md's layering: a layer imports only the layers below it,
// and core stays free of Node-only modules except where it must load its grammar.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

const ORDER = ['core', 'audit', 'store', 'intercept', 'agent', 'server', 'cli'];
const CORE_NODE_ALLOWED = new Set(['src/core/shell/load-grammar.ts', 'src/core/package-root.ts', 'src/core/rules/load-rule-files.ts']);
const root = resolve(import.meta.dirname, '..');
const problems = [];

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

const layerOf = (file) => relative(join(root, 'src'), file).split(sep)[0];

for (const file of walk(join(root, 'src'))) {
  const rel = relative(root, file);
  const layer = layerOf(file);
  const rank = ORDER.indexOf(layer);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      const targetLayer = layerOf(target);
      const targetRank = ORDER.indexOf(targetLayer);
      if (targetRank > rank) problems.push(`${rel}: layer '${layer}' imports '${spec}' from higher layer '${targetLayer}'`);
    } else if (layer === 'core' && spec.startsWith('node:') && !CORE_NODE_ALLOWED.has(rel) && !rel.endsWith('.test.ts')) {
      problems.push(`${rel}: core imports Node-only module '${spec}'`);
    }
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('layers ok');
