import { describe, expect, it } from 'vitest';
import { stdinCodeCommands } from './stdin-code.js';
import { literal } from './types.js';

const argv = (...words: string[]) => words.map(literal);
const CODE = ['import os; os.system("git push --force")'];

describe('an interpreter reading its program from its input', () => {
  it('is read when no code option or script names the program', () => {
    for (const line of [['python3'], ['python3', '-'], ['python3', '-u', '-'], ['python3', '-W', 'ignore'], ['python3', '--', '-']]) {
      expect(stdinCodeCommands(line[0]!, argv(...line), CODE), line.join(' ')).toEqual([{ kind: 'script', label: 'python3 program on its input', text: 'git push --force' }]);
    }
  });

  it('is not read when the program comes from elsewhere: -c, -m, a script file', () => {
    for (const line of [['python3', '-c', 'pass'], ['python3', '-m', 'http.server'], ['python3', 'tool.py'], ['python3', '-W', 'ignore', 'tool.py']]) {
      expect(stdinCodeCommands(line[0]!, argv(...line), CODE), line.join(' ')).toBeNull();
    }
    expect(stdinCodeCommands('cat', argv('cat'), CODE)).toBeNull();
  });

  it('reads node, perl and ruby the same way', () => {
    expect(stdinCodeCommands('node', argv('node', '-r', 'dotenv/config'), ['require("child_process").execSync("ls")'])).toHaveLength(1);
    expect(stdinCodeCommands('perl', argv('perl', '-I', 'lib'), ['system("ls")'])).toHaveLength(1);
    expect(stdinCodeCommands('ruby', argv('ruby'), ['`ls`'])).toHaveLength(1);
  });
});

describe('gdb and Vim reading their commands from their input', () => {
  const GDB = ['break main', 'shell git push --force'];
  it('gdb reads each line as a command, unless in batch mode', () => {
    expect(stdinCodeCommands('gdb', argv('gdb', '-q', './app'), [GDB.join('\n')])).toEqual([{ kind: 'script', label: 'gdb input', text: 'git push --force' }]);
    expect(stdinCodeCommands('gdb', argv('gdb', '-batch', './app'), [GDB.join('\n')])).toEqual([]);
  });

  it('Vim in Ex mode reads Ex commands; otherwise typed keys, where `:` enters a command', () => {
    expect(stdinCodeCommands('vim', argv('vim', '-es'), ['!git push --force'])).toEqual([expect.objectContaining({ kind: 'script', text: 'git push --force' })]);
    expect(stdinCodeCommands('ex', argv('ex', 'f'), ['%s/a/b/\nwq'])).toEqual([]);
    expect(stdinCodeCommands('vim', argv('vim'), [':!git push --force\n'])).toEqual([expect.objectContaining({ kind: 'unresolved' })]);
    expect(stdinCodeCommands('vim', argv('vim', '-'), [':!git push --force\n'])).toEqual([]);
    expect(stdinCodeCommands('vim', argv('vim', '-Z', '-es'), ['!git push --force'])).toEqual([]);
  });
});
