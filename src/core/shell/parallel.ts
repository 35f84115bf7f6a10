// GNU parallel (and `sem`, its semaphore mode): which command lines it runs.
//   parallel [options] [command [arguments]] (::: args | :::+ args | :::: argfile | ::::+ argfile)…
// The command words are joined and run by a shell; each job appends one argument from every group,
// quoted, unless the command holds a replacement string ({}, {.}, {1}…). Without a command, the
// arguments (or input lines) are the command lines. Any option not known here makes the command
// unresolved: parallel has hundreds, some run programs of their own (--ssh, --filter, --limit…).
import { names, scanOptions, spec } from './options.js';
import { literal, type Word } from './types.js';
import type { Unwrapped } from './unwrapped.js';
import { isPlainWord, quoteWord } from './quote-word.js';

const OPTIONS = spec(
  '-a -C -d -E -I -J -j -L -N -n -P -S -s --arg-file --basefile --bf --block --block-size --colsep --delay --delimiter --env ' +
  '--halt --header --id --joblog --jobs --load --max-args --max-chars --max-lines --max-procs --max-replace-args --memfree --nice ' +
  '--recend --recstart --res --results --retries --return --semaphoretimeout --slf --sshlogin --sshloginfile --st --tagstring ' +
  '--tempdir --timeout --tmpdir --trc --wd --workdir',
);

const FLAGS = names(
  '-0 -g -k -m -p -q -r -t -u -V -v -X -x --bar --bg --citation --cleanup --dry-run --dryrun --eta --fg --files --group ' +
  '--help --keep-order --lb --line-buffer --link --no-notice --no-run-if-empty --null --number-of-cores --number-of-cpus ' +
  '--number-of-sockets --number-of-threads --pipe --pipepart --plus --progress --quote --resume --resume-failed ' +
  '--retry-failed --round-robin --sem --semaphore --shuf --silent --tag --transfer --ungroup --verbose --version --wait ' +
  '--will-cite --xapply --xargs',
);

/** Options after which parallel prints something and runs nothing. */
const NO_RUN = names('-V --citation --help --number-of-cores --number-of-cpus --number-of-sockets --number-of-threads --version');
/** Options that run the command once, as written, with no arguments added. */
const AS_WRITTEN = names('--pipe --pipepart --sem --semaphore');
/** Options that group, split or place arguments other than one per group appended. */
const REARRANGE = names('-C -I -L -m -N -n -s -X --colsep --header --max-args --max-chars --max-lines --max-replace-args --plus --xargs');

const SEPARATOR = /^::::?\+?$/;
/** Replacement strings: {}, {.}, {/}, {//}, {/.}, {#}, {%}, {3}, {= perl =}… */
const REPLACEMENTS = /\{=.*?=\}|\{[^{}\s]*\}/gs;
const MAX_JOBS = 64;

const unresolved = (reason: string): Unwrapped => ({ kind: 'unresolved', reason });

/** Every combination of one word from each group (a superset of what --link and :::+ pair up). */
function jobs(groups: readonly (readonly string[])[]): string[][] | null {
  let out: string[][] = [[]];
  for (const group of groups) {
    out = out.flatMap((job) => group.map((arg) => [...job, arg]));
    if (out.length > MAX_JOBS) return null;
  }
  return out;
}

export function parallel(argv: readonly Word[], semaphore = false): Unwrapped {
  const scanned = scanOptions(argv, 1, OPTIONS);
  if (scanned.problem) return unresolved(scanned.problem);
  const unknown = scanned.all.find(([name]) => !OPTIONS.withValue.has(name) && !FLAGS.has(name));
  if (unknown) return unresolved(`parallel ${unknown[0]} is an option whose effect on the command is not known`);
  if (scanned.all.some(([name]) => NO_RUN.has(name))) return { kind: 'none' };

  const rest = argv.slice(scanned.next);
  const at = rest.findIndex((w) => w.kind === 'literal' && SEPARATOR.test(w.text));
  const template = at === -1 ? rest : rest.slice(0, at);
  const groups: Word[][] = [];
  for (const w of at === -1 ? [] : rest.slice(at)) {
    if (w.kind === 'literal' && SEPARATOR.test(w.text)) groups.push([]);
    else groups.at(-1)?.push(w);
  }
  const fromFiles = scanned.options.has('-a') || scanned.options.has('--arg-file') || rest.some((w) => w.kind === 'literal' && /^::::\+?$/.test(w.text));
  const asWritten = semaphore || scanned.all.some(([name]) => AS_WRITTEN.has(name));
  const known = groups.length > 0 && !fromFiles && !scanned.all.some(([name]) => REARRANGE.has(name))
    ? jobs(groups.map((g) => g.flatMap((w) => (w.kind === 'literal' ? [w.text] : []))))
    : null;
  const allLiteral = groups.every((g) => g.every((w) => w.kind === 'literal'));

  if (template.length === 0) {
    if (asWritten) return semaphore ? { kind: 'none' } : { kind: 'stdin' };
    if (known && allLiteral) return { kind: 'script', script: [literal(known.map((job) => job.join(' ')).join('\n'))] };
    if (groups.length > 0 || fromFiles) return unresolved('parallel runs command lines known only at run time');
    return { kind: 'stdin' };
  }

  if (template.some((w) => w.kind === 'dynamic')) return unresolved('parallel runs a command known only at run time');
  const quoted = scanned.options.has('-q') || scanned.options.has('--quote');
  const line = template.map((w) => (quoted ? quoteWord(w.text) : w.text)).join(' ');
  if (asWritten) return { kind: 'script', script: [literal(line)] };
  const custom = scanned.options.get('-I');
  const bare = (text: string): string => {
    const out = text.replace(REPLACEMENTS, '_');
    return custom?.text ? out.split(custom.text).join('_') : out;
  };
  const replaces = template.some((w) => bare(w.text) !== w.text);
  if (known && allLiteral && !replaces) {
    return { kind: 'script', script: [literal(known.map((job) => [line, ...job.map(quoteWord)].join(' ')).join('\n'))] };
  }
  // arguments known only at run time, or placed by replacement strings: words of their own, quoted by parallel
  if (custom?.kind === 'dynamic' || !template.every((w) => isPlainWord(bare(w.text)))) {
    return unresolved('parallel adds arguments known only at run time to shell code');
  }
  const inner = template.map((w): Word => (bare(w.text) === w.text ? w : { kind: 'dynamic', text: w.text, split: false }));
  return { kind: 'exec', inner: replaces ? inner : [...inner, { kind: 'dynamic', text: '<arguments>', split: true }] };
}
