// git: global options, per-subcommand options that take values, short spellings, and the full
// long-option lists of the subcommands rules care most about (git accepts unique prefixes).
import { words, type ToolSpec } from './tool-spec.js';

export const GIT: ToolSpec = {
  valueOptions: words('-C -c --git-dir --work-tree --namespace --exec-path --config-env --super-prefix --attr-source --list-cmds'),
  subcommandValueOptions: {
    commit: words('-m --message -F --file -C --reuse-message -c --reedit-message --author --date --fixup --squash -t --template --cleanup --trailer'),
    push: words('-o --push-option --repo --receive-pack --exec'),
    checkout: words('-b -B --orphan --conflict'),
    switch: words('-c -C --create --force-create --orphan'),
    log: words('-n --max-count --author --committer --grep --since --until --after --before --format --pretty --skip'),
    clone: words('-b --branch -o --origin --depth --reference --separate-git-dir -c --config -u --upload-pack --filter --shallow-since'),
    fetch: words('--depth --deepen --shallow-since --shallow-exclude -j --jobs --upload-pack --refmap -o --server-option'),
    reset: words('--pathspec-from-file'),
    tag: words('-m --message -F --file -u --local-user'),
    stash: words('-m --message'),
    remote: words('-t -m'),
    merge: words('-m -F -s --strategy -X --strategy-option'),
    rebase: words('--onto -s --strategy -X --strategy-option -x --exec'),
    branch: words('-u --set-upstream-to'),
    config: words('-f --file --blob --type'),
  },
  aliases: {
    '': { '-f': '--force', '-q': '--quiet', '-v': '--verbose' },
    push: { '-f': '--force', '-d': '--delete', '-u': '--set-upstream', '-n': '--dry-run' },
    clean: { '-f': '--force', '-d': '--directories', '-x': '--ignored-too', '-n': '--dry-run' },
    reset: {},
    branch: { '-D': '--delete-force', '-d': '--delete', '-f': '--force', '-M': '--move-force', '-m': '--move' },
    commit: { '-a': '--all', '-m': '--message', '-n': '--no-verify' },
    checkout: { '-f': '--force', '-b': '--branch-new' },
  },
  longOptions: {
    push: words(`--all --branches --mirror --tags --follow-tags --no-follow-tags --atomic --no-atomic --dry-run
      --porcelain --delete --prune --no-prune --verbose --quiet --progress --no-progress --no-verify --verify
      --force --no-force --force-with-lease --no-force-with-lease --force-if-includes --no-force-if-includes
      --repo --set-upstream --thin --no-thin --receive-pack --exec --push-option --no-push-option --signed
      --no-signed --recurse-submodules --no-recurse-submodules --ipv4 --ipv6`),
    clean: words('--dry-run --no-dry-run --force --no-force --interactive --no-interactive --quiet --no-quiet --exclude --no-exclude'),
    reset: words(`--mixed --soft --hard --merge --keep --no-mixed --no-soft --no-hard --no-merge --no-keep --quiet
      --no-quiet --recurse-submodules --no-recurse-submodules --intent-to-add --no-intent-to-add --patch --no-patch
      --pathspec-from-file --pathspec-file-nul --refresh --no-refresh --unified --inter-hunk-context`),
  },
};
