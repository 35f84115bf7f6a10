// What `warden agent status` tells a person.
import type { StatusReply } from '../../agent/daemon/control.js';
import { styler } from '../style.js';

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h ${m % 60}m` : `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** `autostart`: whether the next hook call starts it again (docs/daemon.md, "When the daemon is gone"). */
export function printStatus(r: StatusReply, autostart: boolean): void {
  const s = styler();
  if (r.kind === 'down') {
    console.log(`Warden daemon: ${s.red('not running')} (${r.reason})`);
    console.log(autostart
      ? '  the next hook call starts it again (it was started in the background and not stopped); until then each call is judged in its own process'
      : '  hooks judge each call in their own process until `warden agent start`');
    return;
  }
  const { status: d } = r;
  const p = d.policy;
  console.log(`Warden daemon: ${s.green('running')} (pid ${d.pid}, up ${duration(d.uptimeMs)}, version ${d.version})`);
  console.log(`  socket  ${d.socket}`);
  console.log(`  policy  ${p.file}${p.role ? `: role ${p.role}, ${p.mode} mode, loaded ${p.loadedAt}` : ': none loaded'}`);
  if (p.problem) console.log(`          ${s.yellow('problem:')} ${p.problem}`);
  const c = d.counts;
  console.log(`  calls   ${c.requests} requests, ${c.decisions} decisions (${c.blocked} blocked, ${c.wouldBlock} would block)`);
  console.log(`  audit   last entry ${d.audit.lastSeq ?? 'none'}; ${c.integrity} integrity events${c.auditFailures ? `; ${s.red(`${c.auditFailures} failed writes`)}` : ''}`);
  console.log(`  memory  ${(d.rssBytes / 1048576).toFixed(1)} MB resident`);
  const srv = d.server;
  if (srv) {
    const link = srv.connected ? s.green('connected') : s.yellow('not connected');
    console.log(`  server  ${srv.server} (host ${srv.hostId}), ${link}; uploaded through entry ${srv.uploadedThrough ?? 'none yet'}`);
    if (srv.lastError) console.log(`          ${s.yellow('last problem:')} ${srv.lastError}`);
  } else console.log('  server  none: enforcing the local policy.yaml (`warden install --server URL --token T` to enroll)');
}
