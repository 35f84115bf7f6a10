// Properties of the shell analysis on generated input: it never throws, stays bounded, never
// lets a problem through as a silent allow, and no composition of wrappers and compound forms
// around a blocked command makes it allowed.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { Engine } from '../engine/engine.js';
import { loadPolicyText } from '../policy/load-policy.js';
import { analyseShell } from './analyse.js';
import { loadBashParser } from './load-grammar.js';
import { DEFAULT_LIMITS } from './types.js';

const POLICY = `
version: 1
roles:
  - name: enforce
    mode: enforce
    on_unresolved: ask
    commands:
      - { pattern: "git push --force*", action: deny }
      - { pattern: "rm -rf /*", action: deny }
      - { pattern: "kubectl exec *", action: deny }
      - { pattern: "terraform apply*", action: deny }
      - { pattern: "git *", action: allow }
    defaults: { command: allow }
`;

let parser: Parser;
let engine: Engine;

beforeAll(async () => {
  parser = await loadBashParser();
  const loaded = loadPolicyText(POLICY, 'property.yaml');
  if (!loaded.value) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  engine = new Engine(loaded.value, parser);
});

const verdictOf = (command: string): string => engine.evaluate({ kind: 'command', command, context: {} }).verdict;

// ---- (a) any input ----------------------------------------------------------------------------

const SHELLISH_TOKENS = [
  'git', 'push', '-f', '--force', 'rm', '-rf', '/', 'echo', 'bash', 'sh', '-c', 'eval', 'sudo', 'env', 'X=1', 'x',
  ' ', ' ', ' ', '\t', '\n', ';', '&&', '||', '|', '&', '(', ')', '{', '}', '$(', '`', "'", '"', '\\', '$', '${', '$((',
  '<<<', '<<EOF', 'EOF', '<(', '>(', '>', '<', '2>&1', '#', '*', '?', '[', ']', '=', '!', 'if', 'then', 'fi', 'for',
  'in', 'do', 'done', 'case', 'esac', ';;', 'function', 'alias', "$'", '\\x67', '{a,b}', '{1..3}', '~', '%', '\r',
];
const shellish = fc.array(fc.constantFrom(...SHELLISH_TOKENS), { maxLength: 60 }).map((t) => t.join(''));
const loneSurrogates = fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n))), { maxLength: 10 }).map((p) => p.join(''));

const anyInput = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  loneSurrogates,
  shellish,
);

describe('analysis of arbitrary input', () => {
  it('never throws, stays within its limits and is deterministic', () => {
    fc.assert(fc.property(anyInput, (line) => {
      const first = analyseShell(parser, line);
      expect(first.commands.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCommands);
      for (const c of first.commands) expect(c.via.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxSyntaxNesting + 64);
      expect(analyseShell(parser, line)).toEqual(first);
    }), { numRuns: 600 });
  });

  it('never allows a line it could not fully analyse', () => {
    fc.assert(fc.property(anyInput, (line) => {
      const analysis = analyseShell(parser, line);
      const unresolved = analysis.problems.length > 0 || analysis.commands.some((c) => c.unresolved !== null);
      if (unresolved) expect(['ask', 'block']).toContain(verdictOf(line));
    }), { numRuns: 400 });
  });
});

// ---- (b) compositions around a blocked command --------------------------------------------------

/** A command line, and whether it is one simple command whose words a prefix wrapper can take. */
interface Line { readonly text: string; readonly simple: boolean }

const singleQuoted = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const doubleQuoted = (s: string): string => `"${s.replace(/[\\"$`]/g, '\\$&')}"`;
const backquoted = (s: string): string => `\`${s.replace(/[\\`$]/g, '\\$&')}\``;

const simple = (text: string): Line => ({ text, simple: true });
const compound = (text: string): Line => ({ text, simple: false });
/** Wrappers that take a command's words need a simple command; anything else goes through bash -c. */
const asSimple = (l: Line): string => (l.simple ? l.text : `bash -c ${singleQuoted(l.text)}`);

/** `k`: the wrapper's position, for replace strings that must not occur in what they wrap. */
const WRAPS: Record<string, (l: Line, k: number) => Line> = {
  sudo: (l) => simple(`sudo ${asSimple(l)}`),
  sudoE: (l) => simple(`sudo -E ${asSimple(l)}`),
  env: (l) => simple(`env X=1 ${asSimple(l)}`),
  timeout: (l) => simple(`timeout 5 ${asSimple(l)}`),
  nice: (l) => simple(`nice -n 5 ${asSimple(l)}`),
  nohup: (l) => simple(`nohup ${asSimple(l)}`),
  command: (l) => simple(`command ${asSimple(l)}`),
  exec: (l) => simple(`exec ${asSimple(l)}`),
  stdbuf: (l) => simple(`stdbuf -oL ${asSimple(l)}`),
  // after assignments the words are no longer a program's argv (`nohup A=1 git` runs a program named A=1)
  assignment: (l) => compound(`A=1 B="two words" ${asSimple(l)}`),
  bashSingle: (l) => simple(`bash -c ${singleQuoted(l.text)}`),
  shDouble: (l) => simple(`sh -c ${doubleQuoted(l.text)}`),
  subshell: (l) => compound(`( ${l.text} )`),
  group: (l) => compound(`{ ${l.text}; }`),
  and: (l) => compound(`true && ${l.text}`),
  or: (l) => compound(`${l.text} || true`),
  sequence: (l) => compound(`true; ${l.text}`),
  pipeInto: (l) => compound(`echo x | ${l.text}`),
  ifThen: (l) => compound(`if true; then ${l.text}; fi`),
  substitution: (l) => simple(`echo "$( ${l.text} )"`),
  backticks: (l) => simple(`echo ${backquoted(l.text)}`),
  eval: (l) => simple(`eval ${singleQuoted(l.text)}`),
  hereString: (l) => simple(`bash <<< ${singleQuoted(l.text)}`),
  echoPipe: (l) => compound(`echo ${singleQuoted(l.text)} | sh`),
  newline: (l) => compound(`cd /tmp\n${l.text}`),
  escapedName: (l) => simple(asSimple(l).startsWith('\\') ? asSimple(l) : `\\${asSimple(l)}`),
  // the grammar runs the line after a three-stage pipeline into its last stage's arguments
  afterPipeline: (l) => compound(`ls | sort | uniq\n${l.text} >/dev/null`),
  afterPipelineParsed: (l) => compound(`echo \`date\`\nls | sort | uniq -c\n${l.text} 2>&1`),
  forLoop: (l) => compound(`for i in 1 2; do ${l.text}; done`),
  whileLoop: (l) => compound(`while true; do ${l.text}; break; done`),
  caseArm: (l) => compound(`case x in x) ${l.text};; esac`),
  functionCall: (l) => compound(`f() { ${l.text}; }; f`),
  processSubstitution: (l) => simple(`cat <( ${l.text} )`),
  evalDouble: (l) => simple(`eval ${doubleQuoted(l.text)}`),
  xargs: (l, k) => compound(`echo x | xargs -I@${k}@ ${asSimple(l)}`),
  findExec: (l) => simple(`find . -maxdepth 0 -exec ${asSimple(l)} \\;`),
  ssh: (l) => simple(`ssh build-host ${singleQuoted(l.text)}`),
  watch: (l) => simple(`watch -n 5 ${singleQuoted(l.text)}`),
  unshare: (l) => simple(`unshare -r --fork ${asSimple(l)}`),
  setpriv: (l) => simple(`setpriv --reuid=1000 ${asSimple(l)}`),
  systemdRun: (l) => simple(`systemd-run --user --scope ${asSimple(l)}`),
  firejail: (l) => simple(`firejail --noprofile ${asSimple(l)}`),
  uvRun: (l) => simple(`uv run --with x ${asSimple(l)}`),
  poetryRun: (l) => simple(`poetry run ${asSimple(l)}`),
  condaRun: (l) => simple(`conda run -n base ${asSimple(l)}`),
  nixShell: (l) => simple(`nix-shell -p git --run ${singleQuoted(l.text)}`),
  nixDevelop: (l) => simple(`nix develop -c ${asSimple(l)}`),
};

const BLOCKED = [
  'git push --force', 'git push -f origin main', 'git push origin +main', "git -C repo push --force-with-lease",
  'rm -rf /', 'rm -fr /etc', 'rm -r -f / --no-preserve-root', 'kubectl exec -it web-0 -- sh', 'terraform apply -auto-approve',
];

const composition = fc.record({
  base: fc.constantFrom(...BLOCKED),
  wraps: fc.array(fc.constantFrom(...Object.keys(WRAPS)), { minLength: 1, maxLength: 5 }),
});

function compose(base: string, wraps: readonly string[]): string {
  return wraps.reduce((line, w, k) => WRAPS[w]!(line, k), simple(base)).text;
}

describe('a blocked command in any composition of wrappers and compound forms', () => {
  it('each base command is blocked on its own', () => {
    for (const base of BLOCKED) expect(verdictOf(base), base).toBe('block');
  });

  it('each single wrapper keeps it blocked', () => {
    for (const base of BLOCKED) for (const w of Object.keys(WRAPS)) expect(verdictOf(compose(base, [w])), `${w}: ${base}`).toBe('block');
  });

  it('stays blocked when nested several deep', () => {
    fc.assert(fc.property(composition, ({ base, wraps }) => {
      const line = compose(base, wraps);
      expect(verdictOf(line), line).toBe('block');
    }), { numRuns: 500 });
  });

  it('is never allowed, however deep the nesting (past the limits it is held or blocked)', () => {
    const deep = fc.record({
      base: fc.constantFrom(...BLOCKED),
      wraps: fc.array(fc.constantFrom('sudo', 'subshell', 'group', 'and', 'bashSingle', 'eval', 'substitution', 'pipeInto', 'ifThen', 'hereString'), { minLength: 6, maxLength: 14 }),
    });
    fc.assert(fc.property(deep, ({ base, wraps }) => {
      const line = compose(base, wraps);
      expect(['block', 'ask'], line).toContain(verdictOf(line));
    }), { numRuns: 200 });
  });
});

// Lines of every kind an agent's script may hold, before and after a blocked command on a line of
// its own. Bash runs that command whatever came before; the analysis must find it too, whether
// the fast paths or the grammar read the line (the grammar has run a command into the line above).
const NEIGHBOURS = [
  'ls | sort | uniq', 'a|b|c|d', 'a|b|c>1', 'a|b|c <<< x', 'a 2>&1 | b | c', 'a | b | (c)', 'a | b | { c; }', 'echo $(a | b | c)',
  'export A=1', 'X=1', 'X=1 Y=2 z', 'local a=b', 'declare -x Q=1', 'unset A', 'readonly B=2', 'echo `date`',
  'cat <<EOF\nbody\nEOF', "cat <<'E'\nb $x\nE", 'f() { a; }', 'function g { a; }', 'case x in a) b;; esac', 'if a; then b; fi',
  'for i in 1; do a; done', 'while read l; do echo "$l"; done < f', 'select x in a; do b; done', '[[ -f x ]]', '(( i++ ))',
  'echo "multi\nline"', "echo 'q\nq'", 'a=(1 2\n3)', 'echo $((1 +\n2))', 'x=$(a\nb)', 'echo ${x:-\ny}', 'time ls', '! ls',
  'a |& b', '{ a; }', 'a & b', 'a;', 'a # comment\n', '# only comment\n', 'a <(b | c | d)', 'echo {a,b} *.ts', 'exec 3>&1',
  'a &&\nb', 'a ||\nb', 'a |\nb', "printf '%s\\n' x", 'a \\\n  b',
];
const SEPARATORS = ['\n', ';', ' && ', ' || ', ' & ', '\n\n', ';\n', ' | '];
const ENDINGS = ['', ' >/dev/null', ' 2>&1', ' &', ';', ' | cat', ' && true', ' > out.txt', ' >1', ' <<< x', ' | a | b', ' >f 2>&1 &', ' # c'];

describe('a blocked command among any other lines', () => {
  it('is found, whichever reader reads the line', () => {
    const script = fc.tuple(
      fc.array(fc.tuple(fc.constantFrom(...NEIGHBOURS), fc.constantFrom(...SEPARATORS)), { maxLength: 4 }),
      // `\\git` runs git, past aliases; the grammar has read such a line into the one before.
      fc.constantFrom(...BLOCKED), fc.constantFrom('', '\\'), fc.constantFrom(...ENDINGS),
      fc.array(fc.tuple(fc.constantFrom(...SEPARATORS), fc.constantFrom(...NEIGHBOURS)), { maxLength: 2 }),
    );
    fc.assert(fc.property(script, ([before, base, escape, ending, after]) => {
      const line = before.map(([l, s]) => l + s).join('') + escape + base + ending + after.map(([s, l]) => s + l).join('');
      for (const limits of [DEFAULT_LIMITS, { ...DEFAULT_LIMITS, plainFastPath: false }]) {
        const a = analyseShell(parser, line, limits);
        const found = a.commands.some((c) => c.argv.map((w) => w.text).join(' ') === base);
        expect(found || a.problems.length > 0 || a.commands.some((c) => c.unresolved !== null), `${limits.plainFastPath === false ? 'grammar' : 'default'}: ${JSON.stringify(line)}`).toBe(true);
      }
    }), { numRuns: 1_500 });
  });
});
