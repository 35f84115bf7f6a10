// What `warden install` and `warden uninstall` tell a person.
import { AGENT_TITLES } from '../../agent/install/agents.js';
import type { InstallReport } from '../../agent/install/install.js';
import type { UninstallReport } from '../../agent/install/uninstall.js';
import { styler } from '../style.js';

/** A path with the home directory shown as ~. */
const tilde = (home: string) => (path: string): string => (home && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path);

export function printInstall(r: InstallReport, home: string): void {
  const s = styler();
  const p = tilde(home);
  const verb = (past: string, present: string): string => (r.dryRun ? `would ${present}` : past);
  const pol = r.policy;
  const about = pol.role ? ` (role ${pol.role}, ${pol.mode ?? 'unknown'} mode)` : '';
  if (r.dryRun) console.log(s.bold('dry run: nothing is changed'));
  if (pol.status === 'kept') console.log(`policy: kept the existing ${p(pol.path)}${about}; --force replaces it`);
  else console.log(`policy: ${pol.status === 'replaced' ? verb('replaced', 'replace') : verb('installed', 'install')} ${p(pol.path)} with ${pol.source === 'the starter policy' ? pol.source : p(pol.source)}${about}${pol.backup ? ` (old one backed up to ${p(pol.backup)})` : ''}`);
  for (const a of r.agents) {
    const title = AGENT_TITLES[a.agent];
    if (a.status === 'add') {
      const what = a.createdFile ? `${verb('created', 'create')} ${p(a.file)} with` : `${verb('added to', 'add to')} ${p(a.file)}:`;
      console.log(`${s.green(title)}: ${what} ${a.events.join(', ')} hooks${a.backup ? ` (backup: ${p(a.backup)})` : ''}`);
    } else if (a.status === 'present') console.log(`${title}: Warden's hooks are already in ${p(a.file)}; nothing to add`);
    else if (a.status === 'conflict') console.log(`${s.yellow(title)}: ${a.message ?? `a different Warden hook is already in ${p(a.file)}`}; left as it is`);
    else console.log(`${s.red(title)}: ${a.message ?? 'failed'}`);
    for (const note of a.notes) console.log(`  ${s.yellow('note:')} ${note}`);
  }
  if (!r.dryRun && r.agents.some((a) => a.status === 'add')) console.log(`recorded in ${p(r.record)}: \`warden uninstall\` removes these hooks again`);
}

export function printUninstall(r: UninstallReport, home: string): void {
  const s = styler();
  const p = tilde(home);
  const verb = (past: string, present: string): string => (r.dryRun ? `would ${present}` : past);
  if (r.dryRun) console.log(s.bold('dry run: nothing is changed'));
  if (r.agents.length === 0 && r.notInstalled.length === 0) console.log(`nothing to remove: no install recorded in ${p(r.wardenHome)}`);
  for (const agent of r.notInstalled) console.log(`${AGENT_TITLES[agent]}: no Warden install recorded; nothing to remove`);
  for (const a of r.agents) {
    const title = AGENT_TITLES[a.agent];
    const backup = a.backup ? ` (backup: ${p(a.backup)})` : '';
    if (a.status === 'removed') console.log(`${s.green(title)}: ${verb('removed', 'remove')} Warden's hooks from ${p(a.file)}${backup}`);
    else if (a.status === 'deleted') console.log(`${s.green(title)}: ${verb('deleted', 'delete')} ${p(a.file)}, which install created${backup}`);
    else if (a.status === 'left') console.log(`${s.yellow(title)}: ${p(a.file)} was changed since install; Warden's entries there are left in place`);
    else if (a.status === 'gone') console.log(`${title}: Warden's hooks are no longer in ${p(a.file)}; nothing to remove`);
    else console.log(`${s.red(title)}: ${a.message ?? 'failed'}`);
    for (const note of a.notes) console.log(`  ${s.yellow('note:')} ${note}`);
  }
  if (!r.dryRun) console.log(`kept ${p(r.wardenHome)} (the policy and the audit log); remove it yourself if you no longer want them`);
}
