// What the common CLIs' options mean, so that `git -C dir push -f` is seen as `git push --force`.
// Global options with values must be known, or their value would look like the subcommand.

export interface ToolSpec {
  /** Options that take a separate value, anywhere on the line. */
  readonly valueOptions: ReadonlySet<string>;
  /** Per subcommand (first positional): further options that take a value. */
  readonly subcommandValueOptions?: Readonly<Record<string, ReadonlySet<string>>>;
  /** Spellings → canonical flag. Key '' applies to every subcommand; a subcommand key overrides. */
  readonly aliases?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

const RM_ALIASES = { '': { '-r': '--recursive', '-R': '--recursive', '-f': '--force', '-i': '--interactive', '-v': '--verbose', '-d': '--dir' } };

export const TOOL_SPECS: Readonly<Record<string, ToolSpec>> = {
  git: {
    valueOptions: set('-C -c --git-dir --work-tree --namespace --exec-path --config-env --super-prefix'),
    subcommandValueOptions: {
      commit: set('-m --message -F --file -C --reuse-message -c --reedit-message --author --date --fixup --squash -t --template --cleanup --trailer'),
      push: set('-o --push-option --repo --receive-pack --exec'),
      checkout: set('-b -B --orphan --conflict'),
      switch: set('-c -C --create --force-create --orphan'),
      log: set('-n --max-count --author --committer --grep --since --until --after --before --format --pretty --skip'),
      clone: set('-b --branch -o --origin --depth --reference --separate-git-dir -c --config -u --upload-pack --filter --shallow-since'),
      fetch: set('--depth --deepen --shallow-since --shallow-exclude -j --jobs --upload-pack --refmap -o --server-option'),
      reset: set('--pathspec-from-file'),
      tag: set('-m --message -F --file -u --local-user'),
      stash: set('-m --message'),
      remote: set('-t -m'),
      merge: set('-m -F -s --strategy -X --strategy-option'),
      rebase: set('--onto -s --strategy -X --strategy-option -x --exec'),
      branch: set('-u --set-upstream-to'),
      config: set('-f --file --blob --type'),
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
  },
  kubectl: {
    valueOptions: set('-n --namespace --context --cluster --user --kubeconfig -s --server --token --as --as-group --request-timeout -l --selector -o --output -f --filename -c --container --field-selector --certificate-authority --client-certificate --client-key --tls-server-name --cache-dir -v'),
    aliases: { '': { '-n': '--namespace', '-l': '--selector', '-o': '--output', '-f': '--filename', '-A': '--all-namespaces', '-c': '--container', '-i': '--stdin', '-t': '--tty', '-R': '--recursive' } },
  },
  helm: {
    valueOptions: set('-n --namespace --kube-context --kubeconfig --repository-config --repository-cache --registry-config -f --values --set --set-string --set-file --version --timeout -o --output'),
    aliases: { '': { '-n': '--namespace', '-f': '--values', '-o': '--output' } },
  },
  docker: {
    valueOptions: set('-H --host -c --context --config -l --log-level --tlscacert --tlscert --tlskey'),
    subcommandValueOptions: {
      run: set('-v --volume -e --env -p --publish --name -w --workdir -u --user --network --net --entrypoint --mount -l --label --env-file --cap-add --cap-drop --security-opt --pid --ipc --uts --userns --device --memory -m --cpus --restart --platform --add-host --hostname -h --log-driver --tmpfs'),
      exec: set('-e --env -u --user -w --workdir --env-file'),
      build: set('-t --tag -f --file --build-arg --target --platform --label --cache-from --secret --ssh --network --progress'),
      compose: set('-f --file -p --project-name --env-file --profile'),
      create: set('-v --volume -e --env -p --publish --name -w --workdir -u --user --network --entrypoint --mount --cap-add --security-opt --pid --device'),
    },
    aliases: {
      '': { '-f': '--force' },
      run: { '-v': '--volume', '-e': '--env', '-p': '--publish', '-d': '--detach', '-i': '--interactive', '-t': '--tty', '-u': '--user', '-w': '--workdir', '-h': '--hostname' },
      exec: { '-i': '--interactive', '-t': '--tty', '-u': '--user', '-e': '--env', '-w': '--workdir', '-d': '--detach' },
      build: { '-f': '--file', '-t': '--tag' },
      rm: { '-f': '--force', '-v': '--volumes' },
      rmi: { '-f': '--force' },
      system: { '-f': '--force', '-a': '--all' },
    },
  },
  terraform: {
    valueOptions: set('-chdir'),
    aliases: { '': { '-auto-approve': '--auto-approve', '-destroy': '--destroy' } },
  },
  aws: {
    valueOptions: set('--profile --region --output --endpoint-url --query --cli-read-timeout --cli-connect-timeout --ca-bundle --color'),
  },
  gcloud: {
    valueOptions: set('--project --account --configuration --format --verbosity --impersonate-service-account --billing-project --flags-file'),
    aliases: { '': { '-q': '--quiet' } },
  },
  az: {
    valueOptions: set('--subscription -o --output --query --only-show-errors -g --resource-group -n --name'),
    aliases: { '': { '-g': '--resource-group', '-n': '--name', '-y': '--yes', '-o': '--output' } },
  },
  npm: {
    valueOptions: set('--prefix -w --workspace --registry --userconfig --cache --loglevel'),
    aliases: { '': { '-g': '--global', '-D': '--save-dev', '-S': '--save', '-E': '--save-exact', '-f': '--force', '-w': '--workspace' } },
  },
  pnpm: {
    valueOptions: set('-C --dir -F --filter --registry -w'),
    aliases: { '': { '-g': '--global', '-D': '--save-dev', '-r': '--recursive', '-F': '--filter', '-C': '--dir' } },
  },
  yarn: { valueOptions: set('--cwd --registry'), aliases: { '': { '-D': '--dev', '-W': '--ignore-workspace-root-check' } } },
  rm: { valueOptions: set(''), aliases: RM_ALIASES },
  cp: { valueOptions: set('-t --target-directory -S --suffix'), aliases: { '': { '-r': '--recursive', '-R': '--recursive', '-f': '--force', '-a': '--archive' } } },
  mv: { valueOptions: set('-t --target-directory -S --suffix'), aliases: { '': { '-f': '--force', '-i': '--interactive' } } },
  chmod: { valueOptions: set('--reference'), aliases: { '': { '-R': '--recursive' } } },
  chown: { valueOptions: set('--reference --from'), aliases: { '': { '-R': '--recursive' } } },
  curl: {
    valueOptions: set('-d --data --data-binary --data-raw --data-urlencode -F --form -H --header -o --output -u --user -X --request -T --upload-file -A --user-agent -e --referer -b --cookie -c --cookie-jar -x --proxy -w --write-out --connect-timeout -m --max-time --retry --cacert --cert --key -K --config --resolve'),
    aliases: { '': { '-X': '--request', '-d': '--data', '-F': '--form', '-T': '--upload-file', '-o': '--output', '-O': '--remote-name', '-s': '--silent', '-L': '--location', '-k': '--insecure', '-H': '--header', '-u': '--user' } },
  },
  wget: {
    valueOptions: set('-O --output-document -o --output-file -P --directory-prefix --post-data --post-file --body-data --body-file --method --header -U --user-agent --user --password -e --execute'),
    aliases: { '': { '-O': '--output-document', '-q': '--quiet' } },
  },
  ssh: { valueOptions: set('-b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w -B') },
  scp: { valueOptions: set('-c -D -F -i -J -l -o -P -S -X'), aliases: { '': { '-r': '--recursive' } } },
  rsync: { valueOptions: set('-e --rsh --exclude --include --exclude-from --include-from --filter -f --files-from --port --password-file --chmod --chown --log-file'), aliases: { '': { '-r': '--recursive', '-a': '--archive', '-z': '--compress', '-e': '--rsh' } } },
};

export function toolSpec(binary: string): ToolSpec | undefined {
  return Object.hasOwn(TOOL_SPECS, binary) ? TOOL_SPECS[binary] : undefined;
}
