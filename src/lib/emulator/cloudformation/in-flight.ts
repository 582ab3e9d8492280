/**
 * The stacks whose operation is running, owned by the engine. The gateway restores a service's state from a copy when
 * a call fails, which would swap an in-flight stack's record for a stale one; `adopt` puts the live record back into
 * whatever state object is current (the provider calls it at every operation).
 */
import type { CloudFormationState, StackRecord } from '../services/cloudformation/model';

export class InFlight {
  private readonly records = new Map<string, { record: StackRecord; done: boolean }>();

  add(stack: StackRecord) {
    this.records.set(stack.StackId, { record: stack, done: false });
  }

  /** The operation ended: the record is adopted once more (in case the state was swapped meanwhile), then let go. */
  finish(stackId: string) {
    const r = this.records.get(stackId);
    if (r) r.done = true;
  }

  get(stackId: string) {
    return this.records.get(stackId)?.record;
  }

  clear() {
    this.records.clear();
  }

  adopt(state: CloudFormationState) {
    for (const [id, { record, done }] of this.records) {
      const i = state.stacks.findIndex((s) => s.StackId === id);
      if (i < 0 && !done) state.stacks.push(record);
      else if (i >= 0 && state.stacks[i] !== record) state.stacks[i] = record;
      if (done) this.records.delete(id);
    }
  }
}
