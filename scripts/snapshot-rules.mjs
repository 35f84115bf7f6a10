// Build step: writes the parsed rule pack beside the compiled code (see load-rule-files.ts).
import { writeFileSync } from 'node:fs';
import { buildRuleSnapshot, ruleSnapshotPath } from '../build/src/core/rules/load-rule-files.js';

const snapshot = buildRuleSnapshot();
if (!snapshot) {
  console.error('rules/ has errors: no snapshot written (run `warden rules test` to see them)');
  process.exit(0); // the YAML path still works and reports the errors where the rules are used
}
writeFileSync(ruleSnapshotPath(), JSON.stringify(snapshot));
console.log(`rule snapshot: ${Object.keys(snapshot.files).length} files`);
