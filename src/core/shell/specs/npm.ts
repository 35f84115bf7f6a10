// npm: its commands, their aliases, and npm's acceptance of any unique prefix (`npm pub` is publish).
import { words, type ToolSpec } from './tool-spec.js';

const COMMANDS = words(`access adduser approve-scripts audit bugs cache ci completion config dedupe deny-scripts
  deprecate diff dist-tag docs doctor edit exec explain explore find-dupes fund get help help-search init install
  install-ci-test install-scripts install-test link ll login logout ls org outdated owner pack ping pkg prefix
  profile prune publish query rebuild repo restart root run sbom search set shrinkwrap stage star stars start
  stop team test token trust undeprecate uninstall unpublish unstar update version view whoami`);

const ALIASES: Readonly<Record<string, string>> = {
  author: 'owner', home: 'docs', issues: 'bugs', info: 'view', show: 'view', find: 'search', add: 'install',
  unlink: 'uninstall', remove: 'uninstall', rm: 'uninstall', r: 'uninstall', un: 'uninstall', rb: 'rebuild',
  list: 'ls', ln: 'link', create: 'init', i: 'install', it: 'install-test', cit: 'install-ci-test', u: 'update',
  up: 'update', c: 'config', s: 'search', se: 'search', tst: 'test', t: 'test', ddp: 'dedupe', v: 'view',
  'run-script': 'run', 'clean-install': 'ci', 'clean-install-test': 'install-ci-test', x: 'exec', why: 'explain',
  la: 'll', verison: 'version', ic: 'ci', innit: 'init', in: 'install', ins: 'install', inst: 'install',
  insta: 'install', instal: 'install', isnt: 'install', isnta: 'install', isntal: 'install', isntall: 'install',
  'install-clean': 'ci', 'isntall-clean': 'ci', hlep: 'help', 'dist-tags': 'dist-tag', upgrade: 'update',
  udpate: 'update', rum: 'run', sit: 'install-ci-test', urn: 'run', ogr: 'org', 'add-user': 'adduser',
};

export const NPM: ToolSpec = {
  valueOptions: words('--prefix -w --workspace --registry --userconfig --cache --loglevel'),
  aliases: { '': { '-g': '--global', '-D': '--save-dev', '-S': '--save', '-E': '--save-exact', '-f': '--force', '-w': '--workspace' } },
  subcommands: { names: COMMANDS, aliases: ALIASES, abbreviations: true, camelCase: true },
};
