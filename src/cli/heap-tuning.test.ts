import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { HEAP_FLAG } from './heap-tuning.js';

it('sets a flag this Node knows, so warden prints nothing on stderr for it', () => {
  // V8 reports an unknown flag on stderr and carries on: a Node that dropped the flag shows here.
  const script = `require('node:v8').setFlagsFromString(${JSON.stringify(HEAP_FLAG)}); console.log('set')`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout.trim()).toBe('set');
  const known = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
  expect(known).toContain(HEAP_FLAG.replace(/^--no-/, '--'));
});
