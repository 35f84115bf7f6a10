// git: global options, per-subcommand options that take values, short spellings, and the full
// long-option lists of the subcommands rules care most about (git accepts unique prefixes), and
// the commands git knows, so that any other subcommand is seen as what it may be: an alias.
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

/**
 * git's own commands (`git --list-cmds=main` of recent releases, with the Perl, Tcl and Python ones
 * some builds leave out), and the separately installed `git-NAME` programs in everyday use, which
 * git runs before it looks for an alias. Any other subcommand may be an alias from git's settings.
 */
export const GIT_COMMANDS = words(`add am annotate apply archimport archive backfill bisect blame branch bugreport
  bundle cat-file check-attr check-ignore check-mailmap check-ref-format checkout checkout-index cherry cherry-pick
  citool clean clone column commit commit-graph commit-tree config count-objects credential credential-cache
  credential-store cvsexportcommit cvsimport cvsserver daemon describe diagnose diff diff-files diff-index diff-pairs
  diff-tree difftool fast-export fast-import fetch fetch-pack filter-branch fmt-merge-msg for-each-ref for-each-repo
  format-patch fsck fsck-objects fsmonitor--daemon gc get-tar-commit-id grep gui hash-object help hook http-backend
  http-fetch http-push imap-send index-pack init init-db instaweb interpret-trailers last-modified log ls-files
  ls-remote ls-tree mailinfo mailsplit maintenance merge merge-base merge-file merge-index merge-octopus
  merge-one-file merge-ours merge-recursive merge-recursive-ours merge-recursive-theirs merge-resolve merge-subtree
  merge-tree mergetool mktag mktree multi-pack-index mv name-rev notes p4 pack-objects pack-redundant pack-refs
  patch-id pickaxe prune prune-packed pull push quiltimport range-diff read-tree rebase receive-pack reflog refs
  remote remote-ext remote-fd remote-ftp remote-ftps remote-http remote-https repack replace replay repo
  request-pull rerere reset restore rev-list rev-parse revert rm send-email send-pack sh-i18n--envsubst shell
  shortlog show show-branch show-index show-ref sparse-checkout stage stash status stripspace submodule subtree svn
  switch symbolic-ref tag unpack-file unpack-objects update-index update-ref update-server-info upload-archive
  upload-pack var verify-commit verify-pack verify-tag version web--browse whatchanged worktree write-tree
  lfs filter-repo`);

/** Keys of git settings that name the refspecs a push uses by default (`remote.origin.push`). */
export const PUSH_REFSPEC_KEY = /^remote\..+\.push$/i;

/** `key=value` as given to `git -c`: a push refspec starting with `+`, which forces the push. */
export const forcesPush = (setting: string): boolean => /^remote\.[^=]+\.push=\+/i.test(setting);
