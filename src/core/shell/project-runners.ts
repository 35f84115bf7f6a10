// Tools that run a command inside a project's or a version manager's environment: `uv run`,
// `poetry run`, `pipenv run`, `pdm run`, `hatch run`, `rye run`, `conda run`, `nix-shell --run`,
// `nix develop -c`, `mise exec --`, `asdf exec`, `pyenv exec`. As with the other wrappers of many
// options, an option not listed makes the command unresolved instead of a guess.
import { names, scanOptions, spec, type OptionSpec } from './options.js';
import { literal, type Word } from './types.js';
import { dynamicStart, strictAfterOptions, type Unwrapped } from './unwrapped.js';

const unresolved = (reason: string): Unwrapped => ({ kind: 'unresolved', reason });

interface Runner {
  readonly label: string;
  /** The subcommand that runs a command (`run`, `exec`). */
  readonly sub: readonly string[];
  /** Options the tool takes before the subcommand, and after it, before the command. */
  readonly before: OptionSpec;
  readonly beforeFlags: ReadonlySet<string>;
  readonly after: OptionSpec;
  readonly afterFlags: ReadonlySet<string>;
  /** Options after which the subcommand lists or prints and runs nothing. */
  readonly noRun?: ReadonlySet<string>;
}

/** `tool [opts] SUB [opts] cmd…`: the command, or nothing when the subcommand is another. */
function subcommandRunner(r: Runner, argv: readonly Word[]): Unwrapped {
  const scanned = scanOptions(argv, 1, r.before);
  if (scanned.problem) return unresolved(scanned.problem);
  const sub = argv[scanned.next];
  if (sub?.kind === 'dynamic') return dynamicStart(sub);
  const unknown = scanned.all.find(([name]) => !r.before.withValue.has(name) && !r.beforeFlags.has(name));
  if (sub === undefined || !r.sub.includes(sub.text)) {
    // An unknown option before it may take the next word as its value: `run` later on may still be the subcommand.
    return unknown && argv.slice(scanned.next).some((w) => r.sub.includes(w.text)) ? unresolved(`${r.label} ${unknown[0]} is an option whose effect on the command is not known`) : { kind: 'none' };
  }
  if (unknown) return unresolved(`${r.label} ${unknown[0]} is an option whose effect on the command is not known`);
  return strictAfterOptions(argv, r.after, r.afterFlags, `${r.label} ${sub.text}`, { from: scanned.next + 1, noRun: r.noRun ?? names('-h --help') });
}

const UV_GLOBAL = '--color --directory --project --config-file --cache-dir --python-preference --allow-insecure-host --preview-features';
const UV_GLOBAL_FLAGS = '-q --quiet -v --verbose --native-tls --offline --no-progress --no-config -n --no-cache --no-python-downloads --managed-python --no-managed-python --preview --no-preview -h --help -V --version';
const UV: Runner = {
  label: 'uv',
  sub: ['run'],
  before: spec(UV_GLOBAL),
  beforeFlags: names(UV_GLOBAL_FLAGS),
  after: spec(`${UV_GLOBAL} --extra --no-extra --group --no-group --only-group --package --with --with-editable --with-requirements --env-file -p --python --index --default-index -i --index-url --extra-index-url -f --find-links --index-strategy --keyring-provider --resolution --prerelease --exclude-newer -C --config-setting --link-mode -P --upgrade-package --reinstall-package --no-build-package --no-binary-package --refresh-package --no-build-isolation-package --fork-strategy --python-platform`),
  afterFlags: names(`${UV_GLOBAL_FLAGS} --all-extras --no-dev --dev --only-dev --all-groups --no-default-groups --all-packages --isolated --no-sync --locked --frozen --no-project --no-editable --active --no-active --no-env-file -U --upgrade --reinstall --no-build --no-binary --compile-bytecode --refresh --exact --no-index --no-build-isolation --no-sources -s --script --gui-script -m --module`),
};

/** `uv run [opts] cmd…`; `-m mod` runs `python -m mod`. */
export function uv(argv: readonly Word[]): Unwrapped {
  const result = subcommandRunner(UV, argv);
  if (result.kind !== 'exec') return result;
  const at = argv.indexOf(result.inner[0]!);
  const run = argv.findIndex((w) => w.text === 'run');
  const module = scanOptions(argv.slice(0, at), run + 1, UV.after).all.some(([n]) => n === '-m' || n === '--module');
  return module ? { ...result, inner: [literal('python'), literal('-m'), ...result.inner] } : result;
}

const POETRY_OPTIONS = spec('-P --project -C --directory');
const POETRY_FLAGS = names('-q --quiet -v -vv -vvv --verbose -n --no-interaction --ansi --no-ansi --no-plugins --no-cache -h --help -V --version');
export const poetry = (argv: readonly Word[]): Unwrapped =>
  subcommandRunner({ label: 'poetry', sub: ['run'], before: POETRY_OPTIONS, beforeFlags: POETRY_FLAGS, after: POETRY_OPTIONS, afterFlags: POETRY_FLAGS }, argv);

const PIPENV_OPTIONS = spec('--python --pypi-mirror');
const PIPENV_FLAGS = names('-v --verbose -q --quiet --clear --site-packages --no-site-packages --system -h --help --version');
export const pipenv = (argv: readonly Word[]): Unwrapped =>
  subcommandRunner({ label: 'pipenv', sub: ['run'], before: PIPENV_OPTIONS, beforeFlags: PIPENV_FLAGS, after: PIPENV_OPTIONS, afterFlags: PIPENV_FLAGS }, argv);

const PDM_OPTIONS = spec('-c --config -p --project --venv');
const PDM_FLAGS = names('-v --verbose -q --quiet -I --ignore-python --pep582 -g --global -s --site-packages --recreate -h --help -V --version');
export const pdm = (argv: readonly Word[]): Unwrapped =>
  subcommandRunner({ label: 'pdm', sub: ['run'], before: PDM_OPTIONS, beforeFlags: PDM_FLAGS, after: PDM_OPTIONS, afterFlags: names('-l --list -j --json -v --verbose -q --quiet -I --ignore-python --pep582 -g --global -s --site-packages --recreate -h --help'), noRun: names('-l --list -j --json -h --help') }, argv);

const HATCH_OPTIONS = spec('-e --env -p --project --color --interactive --data-dir --cache-dir --config');
const HATCH_FLAGS = names('-v --verbose -q --quiet --no-color --no-interactive -h --help --version');
/** `hatch [opts] run [ENV:]cmd…` and `hatch [opts] env run [-e ENV] [--] cmd…`. */
export function hatch(argv: readonly Word[]): Unwrapped {
  const envRun = argv.findIndex((w, i) => w.text === 'env' && argv[i + 1]?.text === 'run');
  const result = envRun === -1
    ? subcommandRunner({ label: 'hatch', sub: ['run'], before: HATCH_OPTIONS, beforeFlags: HATCH_FLAGS, after: spec(''), afterFlags: names('-h --help') }, argv)
    : subcommandRunner({ label: 'hatch env', sub: ['run'], before: HATCH_OPTIONS, beforeFlags: HATCH_FLAGS, after: spec('-e --env -i --include -x --exclude --filter'), afterFlags: names('-h --help') }, argv.filter((_, i) => i !== envRun));
  if (result.kind !== 'exec') return result;
  // `test:cov`, `default:git push`: the environment's name, then the command
  const [first, ...rest] = result.inner;
  const named = first?.kind === 'literal' ? /^[\w.-]+:(.+)$/.exec(first.text) : null;
  return named ? { ...result, inner: [literal(named[1]!), ...rest] } : result;
}

const RYE_FLAGS = names('-v --verbose -q --quiet -h --help -V --version');
export const rye = (argv: readonly Word[]): Unwrapped =>
  subcommandRunner({ label: 'rye', sub: ['run'], before: spec(''), beforeFlags: RYE_FLAGS, after: spec('--pyproject'), afterFlags: names('-l --list -v --verbose -q --quiet -h --help') }, argv);

const CONDA_RUN = spec('-n --name -p --prefix --cwd -r --root-prefix --rc-file -a --attach');
const CONDA_FLAGS = names('--no-capture-output --live-stream -v --verbose --debug-wrapper-scripts --dev --clean-env -q --quiet -y --yes --no-rc --no-env -h --help -V --version');
/** conda, mamba and micromamba: `run [-n ENV] cmd…`. */
export const condaRun = (label: string) => (argv: readonly Word[]): Unwrapped =>
  subcommandRunner({ label, sub: ['run'], before: spec('-r --root-prefix --rc-file'), beforeFlags: CONDA_FLAGS, after: CONDA_RUN, afterFlags: CONDA_FLAGS }, argv);

// nix-shell: values of --arg/--argstr/--option are two words; -p takes the package names that follow
const NIX_SHELL_ONE = new Set(['-A', '--attr', '-I', '--include', '-i', '--keep', '--exclude', '-j', '--max-jobs', '--cores']);
const NIX_SHELL_TWO = new Set(['--arg', '--argstr', '--option']);

/** `nix-shell [opts] --run CMD` / `--command CMD`: shell code; without either, an interactive shell. */
export function nixShell(argv: readonly Word[]): Unwrapped {
  let script: Word | null = null;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (NIX_SHELL_TWO.has(w.text)) i += 2;
    else if (NIX_SHELL_ONE.has(w.text)) i += 1;
    else if (w.text === '--run' || w.text === '--command') {
      const value = argv[++i];
      if (!value) return { kind: 'none' };
      script = value;
    } else if (w.kind === 'dynamic' && w.split) return dynamicStart(w);
  }
  if (argv.some((w) => w.text === '-h' || w.text === '--help' || w.text === '--version')) return { kind: 'none' };
  return script ? { kind: 'script', script: [script] } : { kind: 'stdin' };
}

/**
 * `nix [opts] develop|shell … (-c|--command) cmd…` (`nix develop` alone is an interactive shell), and
 * `nix run PKG#NAME -- args…`, which runs NAME. nix's own options take values (`--option k v`,
 * `--extra-experimental-features 'nix-command flakes'`), so the subcommand is the first word that
 * names one, not the first word without a dash.
 */
export function nix(argv: readonly Word[]): Unwrapped {
  const command = argv.findIndex((w) => w.text === '-c' || w.text === '--command');
  const before = command === -1 ? argv : argv.slice(0, command);
  const dynamic = before.find((w, i) => i > 0 && w.kind === 'dynamic' && w.split);
  if (dynamic) return dynamicStart(dynamic);
  const sub = before.find((w) => ['develop', 'shell', 'print-dev-env', 'run'].includes(w.text));
  if (sub === undefined) return { kind: 'none' };
  if (sub.text === 'run') return nixRun(argv.slice(argv.indexOf(sub) + 1));
  if (command !== -1) return argv.length > command + 1 ? { kind: 'exec', inner: argv.slice(command + 1) } : { kind: 'none' };
  return sub.text === 'develop' ? { kind: 'stdin' } : { kind: 'none' };
}

/** `nix run INSTALLABLE [-- args…]`: a package's program named after `#` runs with the args; a project's own app is not known. */
function nixRun(rest: readonly Word[]): Unwrapped {
  const installable = rest.find((w) => !w.text.startsWith('-'));
  if (installable === undefined) return { kind: 'none' };
  if (installable.kind === 'dynamic') return dynamicStart(installable);
  const name = /#([\w.+-]+)$/.exec(installable.text)?.[1];
  if (name === undefined) return { kind: 'none' };
  const dashes = rest.findIndex((w) => w.text === '--');
  return { kind: 'exec', inner: [literal(name), ...(dashes === -1 ? [] : rest.slice(dashes + 1))] };
}

/** mise (and rtx): `mise exec|x [tools] -- cmd…`, or `-c CMD` as shell code. */
const MISE_GLOBAL_VALUES = new Set(['-C', '--cd', '-E', '--env', '-j', '--jobs', '--output']);

export function mise(argv: readonly Word[]): Unwrapped {
  let subAt = 1;
  while (subAt < argv.length && argv[subAt]!.text.startsWith('-')) subAt += MISE_GLOBAL_VALUES.has(argv[subAt]!.text) ? 2 : 1;
  const sub = argv[subAt];
  if (sub?.kind === 'dynamic') return dynamicStart(sub);
  if (sub?.text !== 'exec' && sub?.text !== 'x') return { kind: 'none' };
  const rest = argv.slice(subAt + 1);
  const command = rest.findIndex((w) => w.text === '-c' || w.text === '--command');
  const dashes = rest.findIndex((w) => w.text === '--');
  if (command !== -1 && (dashes === -1 || command < dashes)) return rest[command + 1] ? { kind: 'script', script: [rest[command + 1]!] } : { kind: 'none' };
  if (dashes !== -1) return rest.length > dashes + 1 ? { kind: 'exec', inner: rest.slice(dashes + 1) } : { kind: 'none' };
  // Without `--`, the words are tool versions until one that is not: mise's own reading is not reproduced.
  return rest.length > 0 ? unresolved('mise exec without `--` before its command') : { kind: 'none' };
}

/** `asdf exec cmd…`, `pyenv|rbenv|nodenv|goenv exec cmd…`. */
export const versionManagerExec = (argv: readonly Word[]): Unwrapped => {
  if (argv[1]?.kind === 'dynamic') return dynamicStart(argv[1]);
  // `asdf env SHIM util args…` runs util in SHIM's environment
  if (argv[0]?.text === 'asdf' && argv[1]?.text === 'env') return argv.length > 3 ? { kind: 'exec', inner: argv.slice(3) } : { kind: 'none' };
  return argv[1]?.text === 'exec' ? strictAfterOptions(argv, spec(''), names(''), `${argv[0]?.text ?? ''} exec`, { from: 2 }) : { kind: 'none' };
};
