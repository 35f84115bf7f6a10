import { describe, expect, it } from 'vitest';
import { AUDIT_MIGRATION_NAMES } from './audit-migration-names.js';
import { migrations } from './migrations.js';

describe('AUDIT_MIGRATION_NAMES', () => {
  it('names every audit store migration, in order, for both dialects (else a new one would be skipped at open)', () => {
    expect(Object.keys(migrations('sqlite'))).toEqual(AUDIT_MIGRATION_NAMES);
    expect(Object.keys(migrations('postgres'))).toEqual(AUDIT_MIGRATION_NAMES);
  });
});
