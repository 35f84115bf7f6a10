import { describe, expect, it } from 'vitest';
import { patchPaths } from './apply-patch.js';

describe('patchPaths', () => {
  it('reads every file a patch adds, updates, moves and deletes, once', () => {
    const patch = [
      '*** Begin Patch',
      '*** Add File: a.sh',
      '+echo hi',
      '*** Update File: b.py',
      '*** Move to: c.py',
      '@@',
      '-x',
      '+y',
      '*** Update File: b.py',
      '*** Delete File: d',
      '*** End Patch',
    ].join('\n');
    expect(patchPaths(patch)).toEqual(['a.sh', 'b.py', 'c.py', 'd']);
  });

  it('is not fooled by spacing, CRLF line ends or a heredoc around the patch', () => {
    const patch = "apply_patch <<'EOF'\r\n  ***   Update   File :  /home/dev/.bashrc  \r\n*** End Patch\r\nEOF";
    expect(patchPaths(patch)).toEqual(['/home/dev/.bashrc']);
  });

  it('finds nothing in text that only mentions files', () => {
    expect(patchPaths('+*** Add File: inside-content.txt\n echo "*** Delete File: x"')).toEqual([]);
  });
});
