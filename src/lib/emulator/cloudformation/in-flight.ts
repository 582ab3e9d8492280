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

  /** Forget finished operations (a load or an import replaced the state they would be adopted into). */
  forgetFinished() {
    for (const [id, { done }] of this.records) if (done) this.records.delete(id);
  }

  /**
   * Put the live records into `state` in place of stale copies with the same stack id. Stack ids are unique (they end
   * in a UUID), so a provider shared by several emulators never mixes their stacks.
   */
  adopt(state: CloudFormationState): boolean {
    let changed = false;
    for (const [id, { record, done }] of this.records) {
      const i = state.stacks.findIndex((s) => s.StackId === id);
      if (i < 0) continue;
      if (state.stacks[i] !== record) {
        state.stacks[i] = record;
        changed = true;
      }
      if (done) this.records.delete(id);
    }
    return changed;
  }
}
