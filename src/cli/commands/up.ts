// `warden up`: everything on one machine in one command. The control plane on the embedded SQLite,
// this host enrolled in it with the agents found here hooked, and the daemon started; prints the
// dashboard URL and how to log in, and serves until Ctrl-C (the daemon keeps enforcing after).
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { pino } from 'pino';
import { detectAgents } from '../../agent/install/detect.js';
import { runInstall, type InstallReport } from '../../agent/install/install.js';
import { enrollHost } from '../../agent/sync/enroll.js';
import { readServerLink } from '../../agent/sync/server-link.js';
import { ensureWardenHome } from '../../agent/install/install-policy.js';
import { firstStart } from '../../server/org-setup.js';
import { startServer } from '../../server/serve.js';
import { hashSecret, newSecret } from '../../store/fleet/ids.js';
import { styler } from '../style.js';
import { VERSION } from '../version.js';
import { wardenHome } from '../warden-home.js';
import { hookClient, installEnv, wardenCommand } from './install.js';
import { printInstall } from './install-output.js';
import { DEFAULT_LISTEN, dbLocation, describeDb, openDb, parseListen, type DbOptions } from './server-options.js';
import { webRoot } from './server.js';

interface UpOptions extends DbOptions {
  listen: string;
  hooks: boolean;
  web?: string;
}

const STOP_GRACE_MS = 10_000;

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('Start the control plane on SQLite, enroll this host with its agents\' hooks, start the daemon, print the dashboard URL')
    .option('--listen <host:port>', 'address for the dashboard and API', DEFAULT_LISTEN)
    .option('--db <location>', 'sqlite:PATH or postgres://… (default: sqlite:$WARDEN_HOME/server.db)')
    .option('--no-hooks', 'enroll and start the daemon, but write no agent hooks')
    .option('--web <dir>', 'the built dashboard to serve (default: the package\'s own build)')
    .addHelpText('after', `
On the first run, WARDEN_ADMIN_EMAIL and WARDEN_ADMIN_PASSWORD set the admin's login; without them
the admin is admin@localhost with a one-time password printed once. The host is enrolled once (its
link is $WARDEN_HOME/agent.yaml); later runs reuse it. Ctrl-C stops the control plane; the daemon
keeps enforcing the last policy and uploads what it recorded when the control plane is back
(\`warden agent stop\` stops it).

Example:
  warden up`)
    .action(async (o: UpOptions) => {
      const s = styler();
      const home = wardenHome();
      ensureWardenHome(home);
      const listen = parseListen(o.listen);
      const logger = pino({ level: 'warn', base: undefined }, pino.destination(2));
      const store = await openDb(o);
      let server;
      let first;
      try {
        first = await firstStart(store, { email: process.env.WARDEN_ADMIN_EMAIL || undefined, password: process.env.WARDEN_ADMIN_PASSWORD || undefined });
        server = await startServer({ store, ...listen, logger, webRoot: webRoot(o) });
      } catch (error) {
        await store.close();
        throw error;
      }
      const running = server;
      console.log(`Control plane: ${s.cyan(running.url)} (${describeDb(dbLocation(o))})`);

      // Enroll this host once; a host already linked to another server is left as it is.
      const link = readServerLink(home);
      let report: InstallReport | null = null;
      if (!link) {
        const org = (await store.orgs.list())[0]!;
        const secret = newSecret('wet');
        await store.enrollmentTokens.create(org.id, hashSecret(secret), { roleId: null, expiresAt: new Date(Date.now() + 600_000).toISOString(), createdBy: 'warden up' });
        const enrolled = await enrollHost({ wardenHome: home, url: running.url, token: secret, hostname: hostname(), version: VERSION });
        console.log(`This host: enrolled as ${enrolled.link.hostId} in org ${enrolled.link.org.name}, role ${enrolled.role.name} (${enrolled.role.mode} mode)`);
      } else if (link.url !== running.url) console.log(s.yellow(`This host reports to ${link.url}, not to this control plane; left as it is.`));
      else console.log(`This host: enrolled as ${link.hostId}`);

      if (o.hooks) {
        const install = installEnv();
        const agents = detectAgents(install).map((d) => d.agent);
        if (agents.length > 0) {
          report = runInstall({ agents, wardenCommand: wardenCommand(), hookClient: hookClient(), wardenHome: home, install, force: false, dryRun: false, now: new Date() });
          printInstall(report, install.home);
        } else console.log('No agent found on this machine: no hooks written (`warden install --agents …` later).');
      }
      const control = await import('./agent-daemon-control.js');
      if (!link) await control.stopDaemonProcess();
      console.log(control.startText(await control.startDaemonProcess()));

      console.log('');
      console.log(`Dashboard: ${s.cyan(running.url)}`);
      if (first.created && first.admin) {
        console.log(`Log in as ${s.cyan(first.admin.email)}${first.generatedPassword ? ` with the one-time password ${s.yellow(first.generatedPassword)} (shown only now)` : ' with WARDEN_ADMIN_PASSWORD'}`);
      } else console.log('Log in with the admin account created at the first start.');
      console.log('Ctrl-C stops the control plane.');

      await new Promise<void>((resolve) => {
        const stop = (): void => {
          const force = setTimeout(() => process.exit(1), STOP_GRACE_MS);
          force.unref();
          running.close().then(resolve, () => resolve());
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
      logger.flush();
    });
}
