// What a simple command touches, read off its words: files read and written, hosts contacted.
// Conservative by design: any literal argument may be a path it reads.
import type { CommandView } from '../shell/command-view.js';
import type { AnalysedCommand } from '../shell/types.js';
import { append } from '../append.js';

/** Programs whose last positional is a destination they write. */
const COPIERS = new Set(['cp', 'mv', 'install', 'ln', 'rsync', 'scp', 'ditto']);
/** Programs that write (or delete, or change) every positional they are given. */
const WRITERS = new Set(['tee', 'touch', 'truncate', 'rm', 'shred', 'unlink', 'rmdir', 'vi', 'vim', 'nvim', 'nano', 'emacs', 'ed', 'chattr']);
/** Programs whose first positional is a mode or owner, then files they change. */
const CHANGERS = new Set(['chmod', 'chown', 'chgrp', 'setfacl']);
const NETWORK_HOST_FIRST = new Set(['nc', 'ncat', 'netcat', 'telnet', 'socat', 'ftp', 'sftp']);
/** Builtins that set variables from `NAME=value` words, and env, which hands them to a program. */
const ASSIGNERS = new Set(['export', 'declare', 'typeset', 'readonly', 'local', 'env']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;
const URL_PATTERN = /\b([a-z][a-z0-9+.-]*):\/\/[^\s'"<>`]+/gi;

export interface CommandTouches {
  readonly reads: string[];
  readonly writes: string[];
  readonly urls: string[];
  readonly hosts: string[];
}

/** Without repeats, in order; most commands write nothing, or one file. */
const distinct = (paths: string[]): string[] => (paths.length < 2 ? paths : [...new Set(paths)]);

/** The file a curl option value sends: `-F name=@path;type=…` (or `=<path`), `--data-urlencode name@path`. */
function curlFile(name: string, value: string): string | null {
  const m = name === '--form' ? /^[^=]*=[@<]("[^"]*"|[^;]*)/s.exec(value) : name === '--data-urlencode' ? /^[^=@]*@(.*)$/s.exec(value) : null;
  if (!m) return null;
  const file = m[1]!;
  return file.length >= 2 && file.startsWith('"') && file.endsWith('"') ? file.slice(1, -1) : file;
}

/**
 * A `NAME=value` word sets a variable; it names no file the command opens (`export
 * KUBECONFIG=~/.kube/config` reads nothing). A command inside the value is reported on its own.
 * env's assignments stop at the program it runs, whose words are its own.
 */
function withoutAssignments(binary: string, positionals: string[]): string[] {
  if (binary !== 'env') return positionals.filter((p) => !ASSIGNMENT.test(p));
  let i = 0;
  while (i < positionals.length && ASSIGNMENT.test(positionals[i]!)) i++;
  return i === 0 ? positionals : positionals.slice(i);
}

/** `literal`: the view's literal positionals (see literalPositionals), which the caller needs too. */
export function commandTouches(cmd: AnalysedCommand, view: CommandView, literal: string[]): CommandTouches {
  const reads: string[] = [];
  const writes: string[] = [];
  const urls: string[] = [];
  const hosts: string[] = [];
  const binary = view.binary;
  const positionals = ASSIGNERS.has(binary) ? withoutAssignments(binary, literal) : literal;

  if (COPIERS.has(binary) && positionals.length >= 2) {
    writes.push(positionals[positionals.length - 1]!);
    append(reads, positionals.slice(0, -1));
  } else if (WRITERS.has(binary)) append(writes, positionals);
  else if (CHANGERS.has(binary)) append(writes, positionals.slice(1));
  else if (binary === 'sed' && (view.flags.has('-i') || view.flags.has('--in-place'))) append(writes, positionals.slice(1));
  else if (binary === 'dd') {
    for (const p of positionals) {
      if (p.startsWith('of=')) writes.push(p.slice(3));
      else if (p.startsWith('if=')) reads.push(p.slice(3));
    }
  } else append(reads, positionals);

  for (const [name, values] of view.flags) {
    for (const v of values) {
      if (v === '') continue;
      if ((binary === 'curl' && (name === '--output' || name === '-o')) || (binary === 'wget' && name === '--output-document')) writes.push(v);
      else reads.push((binary === 'curl' ? curlFile(name, v) : null) ?? (v.startsWith('@') ? v.slice(1) : v)); // curl -d @file reads the file
    }
  }
  for (const r of cmd.redirects) {
    if (r.target === null) continue;
    if (/>/.test(r.op) && !/>&$/.test(r.op)) writes.push(r.target);
    else if (r.op === '<') reads.push(r.target);
  }

  for (let i = 1; i < cmd.argv.length; i++) {
    const text = cmd.argv[i]!.text;
    if (text.includes('://')) for (const m of text.matchAll(URL_PATTERN)) urls.push(m[0]);
  }
  if (NETWORK_HOST_FIRST.has(binary) && positionals[0]) hosts.push(positionals[0]);
  if (binary === 'ssh' || binary === 'scp' || binary === 'rsync' || binary === 'sftp') {
    for (const p of positionals) {
      const m = /^(?:[^@/\s]+@)?([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::|$)/.exec(p);
      if (m && (binary === 'ssh' ? p === positionals[0] : p.includes(':'))) hosts.push(m[1]!);
    }
  }
  if ((binary === 'curl' || binary === 'wget' || binary === 'http' || binary === 'https' || binary === 'xh') && urls.length === 0) {
    for (const p of positionals) if (/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(\/|$)/.test(p)) urls.push(`https://${p}`);
  }
  return { reads, writes: distinct(writes), urls, hosts };
}
