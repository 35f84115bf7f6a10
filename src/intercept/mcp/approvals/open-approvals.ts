// The approval channel of one proxy or gateway process: the shared queue under WARDEN_HOME and a
// holder polling it. `hold` is the session's hook as it is (a held stdio call simply stays pending
// until decided); the gateway wraps it to answer over HTTP while it waits.
import { ApprovalQueue, approvalsFile } from '../../../store/approvals/approval-queue.js';
import type { HoldHook } from '../session-types.js';
import { ApprovalHolder, type ApprovalHolderOptions } from './approval-holder.js';

export interface Approvals {
  readonly holder: ApprovalHolder;
  readonly hold: HoldHook;
  /** Withdraws every call still held and closes the queue; later calls do nothing. */
  close(why?: string): void;
}

export function openApprovals(wardenHome: string, o: Omit<ApprovalHolderOptions, 'queue'>): Approvals {
  const queue = ApprovalQueue.open(approvalsFile(wardenHome));
  const holder = new ApprovalHolder({ ...o, queue });
  let closed = false;
  return {
    holder,
    hold: (call) => holder.hold(call),
    close(why) {
      if (closed) return;
      closed = true;
      holder.close(why);
      queue.close();
    },
  };
}
