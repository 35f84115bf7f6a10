// Vim's interpreter interfaces given as Ex commands (`:python3 …`, `:perl …`, `:ruby …`, `:lua …`,
// `:tcl …`, `:mzscheme …`): the programs the code starts, and what it has Vim run as Ex commands,
// keys or expressions (`vim.command(…)`, `VIM::DoCommand(…)`, `vim.cmd(…)`), which is left unresolved.
import { callsIn, PERL_LIKE, PYTHON, type Calls } from './inline-code.js';
import type { Findings } from './script-findings.js';
import { RUNNING_FUNCTIONS } from './vim-expressions.js';

const PYTHON_COMMAND = /^(?:py|pyt|pyth|pytho|python)[3x]?(?:do)?$/;
const PERL_OR_RUBY_COMMAND = /^(?:pe|per|perl|perld|perldo|rub|ruby|rubyd|rubydo)$/;
const LUA_COMMAND = /^(?:lua|luad|luado)$/;

/** Python's `vim` module: what runs Ex commands, expressions or Vim functions (pynvim's among them), or hides the module's name. */
const PYTHON_RUNS = /\bvim\s*\.\s*(?:command|eval|bindeval|Function|call|funcs|api|exec_lua|lua|feedkeys|input|exec|command_output|request)\b|\bimport\s+vim\s+as\b|\bfrom\s+vim\s+import\b|\bgetattr\s*\(\s*vim\b/;
/** Perl's and Ruby's `VIM` module: what runs Ex commands or expressions. */
const PERL_RUBY_RUNS = /\bvim\s*(?:::|\.)\s*(?:DoCommand|Eval|command|evaluate)\b/i;

/** Lua calls that start programs, judged when given a plain string. */
const LUA_CALLS: Calls = { calls: /\b(?:os\s*\.\s*execute|io\s*\.\s*popen|vim\s*\.\s*fn\s*\.\s*system(?:list)?|vim\s*\.\s*system)\s*(?:\(|(?=['"]))/g };
/** Those same functions named but not called with a string (`local e = os.execute`, `os.execute[[…]]`). */
const LUA_PROGRAMS_NAMED = /\b(?:os\s*\.\s*execute|io\s*\.\s*popen|vim\s*\.\s*fn\s*\.\s*system(?:list)?|vim\s*\.\s*system)\b(?!\s*[('"])/;
/**
 * What nvim's Lua API runs as Ex commands, keys, mappings or programs (`vim.cmd`, `vim.uv.spawn`,
 * `vim.api.nvim_cmd`, `vim.fn[…]`), code loaded at run time, and the modules held under another
 * name (`local o = os`, `vim["cmd"]`), whose calls are not seen.
 */
const LUA_RUNS = new RegExp([
  String.raw`\bvim\s*\.\s*(?:cmd|call|keymap|uv|loop|fn\s*\[|api\s*(?:\[|\.\s*nvim_(?:command|exec\w*|call_\w+|cmd|feedkeys|input\w*|create_autocmd|\w*user_command|\w*set_keymap)))`,
  String.raw`\bvim\s*\.\s*fn\s*\.\s*(?:${RUNNING_FUNCTIONS.filter((f) => !f.startsWith('system')).join('|')})\b`,
  String.raw`\bvim\b(?!\s*\.)`, String.raw`\b(?:vim\s*\.\s*(?:fn|api)|os|io)\b(?!\s*\.)`,
  String.raw`\b(?:load|loadstring|dofile|loadfile|getfenv|setfenv|rawget|_G|ffi)\b`, String.raw`\b(?:package\s*\.\s*loadlib|debug\s*\.)`,
].join('|'));

/** Reads the code of an interpreter interface command into `found`; false when `name` is no such command. */
export function interfaceCode(name: string, code: string, found: Findings): boolean {
  if (name.startsWith('tcl') || name.startsWith('mz')) {
    found.unresolved(`runs ${name.startsWith('tcl') ? 'Tcl' : 'MzScheme'} code, which may run Ex commands and programs`);
    return true;
  }
  let calls: Calls;
  let runs: RegExp;
  if (PYTHON_COMMAND.test(name)) [calls, runs] = [PYTHON, PYTHON_RUNS];
  else if (PERL_OR_RUBY_COMMAND.test(name)) [calls, runs] = [PERL_LIKE, PERL_RUBY_RUNS];
  else if (LUA_COMMAND.test(name)) {
    [calls, runs] = [LUA_CALLS, LUA_RUNS];
    if (LUA_PROGRAMS_NAMED.test(code)) found.unresolved('names a Lua function that starts programs without calling it with a plain string');
  } else return false;
  if (runs.test(code)) found.unresolved('runs Ex commands, keys, expressions or programs through Vim\'s interface');
  for (const e of callsIn(code, calls, found.label)) found.add(e);
  return true;
}
