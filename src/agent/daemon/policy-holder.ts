// The policy the daemon judges by: loaded once, swapped whole when policy.yaml changes to a valid
// policy, kept as it is when the file changes to an invalid one. Detectors carry over a reload
// whose detector settings are the same, so sequences, rate limits and risk keep their memory.
import type { RuntimeDetectors } from '../../core/detect/runtime-detectors.js';
import type { Policy } from '../../core/policy/policy.js';
import type { Mode } from '../../core/vocabulary.js';
import { sha256 } from '../install/config-files.js';
import { detectorsFor, judgeOf, type JudgeLoad, type JudgeLoader, type JudgeParts } from '../hook/local-judge.js';
import { policyFromText, type PolicyRead } from '../hook/policy-read.js';

export type PolicyChange =
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'applied'; readonly hash: string; readonly role: string; readonly mode: Mode; readonly first: boolean }
  /** The file's text did not load; the policy in use stays. */
  | { readonly kind: 'invalid'; readonly hash: string; readonly message: string; readonly kept: boolean }
  | { readonly kind: 'missing'; readonly kept: boolean };

export interface PolicyInUse {
  readonly file: string;
  /** sha256 of the text in use, null before a policy ever loaded. */
  readonly hash: string | null;
  readonly role: string | null;
  readonly mode: Mode | null;
  readonly loadedAt: string | null;
  /** Why the file on disk is not the policy in use, when it is not. */
  readonly problem: string | null;
}

export class PolicyHolder {
  private current: JudgeLoad;
  private policy: Policy | null = null;
  private detectors: RuntimeDetectors | null = null;
  /** The hash of the file as last seen, valid or not, so an unchanged file is not reloaded. */
  private seenHash: string | null = null;
  private state: PolicyInUse;

  constructor(
    readonly file: string,
    private readonly parts: JudgeParts,
  ) {
    this.current = { kind: 'error', message: `no policy at ${file}: run \`warden install\``, mode: null, onError: null };
    this.state = { file, hash: null, role: null, mode: null, loadedAt: null, problem: null };
  }

  /** What runHook calls: the judge in use, whatever path it is asked for. */
  readonly loader: JudgeLoader = () => Promise.resolve(this.current);

  get inUse(): PolicyInUse {
    return this.state;
  }

  /** The policy text as it is now on disk (null: no file); returns what changed. */
  async update(text: string | null, now: Date): Promise<PolicyChange> {
    const kept = this.policy !== null;
    if (text === null) {
      if (this.seenHash === 'missing') return { kind: 'unchanged' };
      this.seenHash = 'missing';
      this.state = { ...this.state, problem: `${this.file} is missing` };
      return { kind: 'missing', kept };
    }
    const hash = sha256(text);
    if (hash === this.seenHash) return { kind: 'unchanged' };
    this.seenHash = hash;
    const read: PolicyRead = await policyFromText(text, this.file);
    if (read.kind === 'error') {
      // Nothing good to keep: answer as the file says it would fail.
      if (!kept) this.current = read;
      this.state = { ...this.state, problem: read.message };
      return { kind: 'invalid', hash, message: read.message, kept };
    }
    const detectors = await this.detectorsOf(read.policy);
    const judge = await judgeOf(read.policy, this.parts, detectors);
    this.policy = read.policy;
    this.detectors = detectors;
    this.current = { kind: 'ready', judge };
    this.state = { file: this.file, hash, role: judge.role, mode: judge.mode, loadedAt: now.toISOString(), problem: null };
    return { kind: 'applied', hash, role: judge.role, mode: judge.mode, first: !kept };
  }

  private async detectorsOf(policy: Policy): Promise<RuntimeDetectors> {
    if (this.detectors && this.policy && JSON.stringify(this.policy.detectors) === JSON.stringify(policy.detectors)) return this.detectors;
    const fresh = await detectorsFor(policy, this.parts);
    if (this.detectors) fresh.importState(this.detectors.exportState());
    return fresh;
  }
}
