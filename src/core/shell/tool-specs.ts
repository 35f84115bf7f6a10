// What the common CLIs' options mean, so that `git -C dir push -f` is seen as `git push --force`.
import { DOCKER_COMMAND_PATHS } from './specs/docker.js';
import { GIT } from './specs/git.js';
import { NPM } from './specs/npm.js';
import { words, type ToolSpec } from './specs/tool-spec.js';

export { canonicalLongOption, canonicalSubcommand, type ToolSpec } from './specs/tool-spec.js';

const set = words;

const RM_ALIASES = { '': { '-r': '--recursive', '-R': '--recursive', '-f': '--force', '-i': '--interactive', '-v': '--verbose', '-d': '--dir' } };
const RM_LONG = set('--force --interactive --one-file-system --no-preserve-root --preserve-root --recursive --dir --verbose --help --version');

export const TOOL_SPECS: Readonly<Record<string, ToolSpec>> = {
  git: GIT,
  kubectl: {
    valueOptions: set(`-n --namespace --context --cluster --user --kubeconfig -s --server --token --as --as-group --as-uid
      --request-timeout -l --selector -o --output -f --filename -c --container --field-selector --certificate-authority
      --client-certificate --client-key --tls-server-name --cache-dir -v --v --vmodule --log-flush-frequency --password
      --username --profile --profile-output`),
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
    commandPaths: DOCKER_COMMAND_PATHS,
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
  npm: NPM,
  pnpm: {
    valueOptions: set('-C --dir -F --filter --registry -w'),
    aliases: { '': { '-g': '--global', '-D': '--save-dev', '-r': '--recursive', '-F': '--filter', '-C': '--dir' } },
  },
  yarn: { valueOptions: set('--cwd --registry'), aliases: { '': { '-D': '--dev', '-W': '--ignore-workspace-root-check' } } },
  rm: { valueOptions: set(''), aliases: RM_ALIASES, longOptions: { '*': RM_LONG }, unorderedOperands: true },
  shred: { valueOptions: set('-n --iterations -s --size --random-source'), aliases: { '': { '-u': '--remove', '-f': '--force', '-z': '--zero', '-n': '--iterations' } }, unorderedOperands: true },
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

/**
 * The specs by program, each with every field present in one order: they are read for every word
 * of every command, and specs of differing shapes made those reads megamorphic.
 */
const SPECS: ReadonlyMap<string, ToolSpec> = new Map(Object.entries(TOOL_SPECS).map(([binary, s]) => [binary, {
  valueOptions: s.valueOptions,
  subcommandValueOptions: s.subcommandValueOptions,
  aliases: s.aliases,
  subcommands: s.subcommands,
  commandPaths: s.commandPaths,
  longOptions: s.longOptions,
  unorderedOperands: s.unorderedOperands,
}]));

export function toolSpec(binary: string): ToolSpec | undefined {
  return SPECS.get(binary);
}
