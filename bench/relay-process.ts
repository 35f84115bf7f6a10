// A process in the middle that does nothing: it starts the command it is given and copies bytes
// both ways. The proxy bench times calls through it to show what any stdio proxy costs on this
// machine (two more pipe hops and process wake-ups per round trip) before it judges anything.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (command === undefined) {
  process.stderr.write('usage: relay-process <command> [args…]\n');
  process.exit(1);
}
const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
process.stdin.on('data', (chunk: Buffer) => child.stdin.write(chunk));
process.stdin.on('end', () => child.stdin.end());
child.stdout.on('data', (chunk: Buffer) => process.stdout.write(chunk));
child.on('close', (code) => process.exit(code ?? 0));
