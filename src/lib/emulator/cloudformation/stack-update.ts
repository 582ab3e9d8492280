/**
 * UpdateStack's operation: resources created, updated in place or replaced a wave at a time; on success the clean-up
 * deletes what the template dropped and the old halves of replacements; on failure the update rolls back
 * (UPDATE_ROLLBACK_IN_PROGRESS, UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, UPDATE_ROLLBACK_COMPLETE).
 */
import type { StackRecord, StackResourceRecord } from '../services/cloudformation/model';
import { uuid } from './events';
import { EngineCore, failureList, type Action } from './engine-core';
import { handlerFailureReason } from './handler-errors';
import type { ServiceClients } from './resources/types';
import type { StackContext } from './stack-context';
import { parseTemplate } from './template';

export class StackUpdate extends EngineCore {
  async run(stackId: string): Promise<void> {
    await this.sleep();
    const stack = this.stack(stackId);
    const previous = stack.operation!.previous!;
    const ctx = this.context(stack);
    const clients = await this.clientsFor(stackId);
    const credentialError = this.clientError;
    const created: string[] = [];
    const replaced = new Map<string, StackResourceRecord>();
    const updated = new Map<string, StackResourceRecord>();
    let failed: string[] = [];
    let failedVerb = 'update';
    for (const wave of this.waves(ctx)) {
      const items = [];
      for (const id of wave) {
        const s = this.stack(stackId);
        const old = previous.resources[id];
        const live = old && old.PhysicalResourceId && !['DELETE_COMPLETE', 'CREATE_FAILED'].includes(old.ResourceStatus);
        const type = ctx.template.Resources[id].Type;
        if (!live) {
          s.resources[id] = this.newRecord(ctx, id);
          created.push(id);
          items.push(this.plan(ctx, s, id, 'create', clients, credentialError));
          continue;
        }
        let props: Record<string, unknown>;
        try {
          props = this.resolveProps(ctx, s, id);
        } catch (error) {
          items.push({ id, action: 'update' as Action, error });
          continue;
        }
        if (JSON.stringify(props) === JSON.stringify(old.properties) && type === old.ResourceType) continue;
        const handler = this.types[type];
        const replace = type !== old.ResourceType || (handler?.replaceOn ?? []).some((p) => JSON.stringify(props[p]) !== JSON.stringify(old.properties[p]));
        if (replace) {
          replaced.set(id, structuredClone(old));
          s.resources[id] = { ...old, ResourceType: type, PhysicalResourceId: undefined, properties: {}, attributes: {} };
          const item = this.plan(ctx, s, id, 'replace', clients, credentialError);
          s.resources[id].PhysicalResourceId = old.PhysicalResourceId;
          items.push(item);
        } else {
          updated.set(id, structuredClone(old));
          items.push(this.plan(ctx, s, id, 'update', clients, credentialError, old));
        }
      }
      if (!items.length) continue;
      const outcome = await this.runWave(stackId, items, false);
      if (outcome.failed.length) {
        failed = outcome.failed;
        if (created.includes(failed[0])) failedVerb = 'create';
        // Replacements that got a new resource keep it in the record until the rollback deletes it.
        break;
      }
    }
    if (!failed.length) {
      const outputError = await this.resolveOutputs(stackId, ctx);
      if (!outputError) {
        this.stack(stackId).Imports = [...ctx.imports];
        await this.stackStatus(stackId, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
        await this.sleep();
        await this.cleanUpAfterUpdate(stackId, ctx, previous.resources, replaced, clients);
        this.stack(stackId).LastUpdatedTime = this.deps.now();
        await this.stackStatus(stackId, 'UPDATE_COMPLETE');
        return;
      }
      return this.rollBackUpdate(stackId, ctx, outputError, previous, created, replaced, updated, clients);
    }
    const stackNow = this.stack(stackId);
    const reason = `The following resource(s) failed to ${failedVerb}: ${failureList(failed)}. `;
    if (stackNow.DisableRollback) {
      await this.stackStatus(stackId, 'UPDATE_FAILED', reason);
      return;
    }
    return this.rollBackUpdate(stackId, ctx, reason, previous, created, replaced, updated, clients);
  }

  /** After a successful update: delete resources the template dropped and the old halves of replacements. */
  private async cleanUpAfterUpdate(stackId: string, ctx: StackContext, before: Record<string, StackResourceRecord>, replaced: Map<string, StackResourceRecord>, clients: ServiceClients | undefined) {
    const stack = this.stack(stackId);
    const active = new Set(ctx.active);
    const removed = Object.keys(before).filter((id) => !active.has(id) && before[id].ResourceStatus !== 'DELETE_COMPLETE');
    // Old halves of replacements: delete them under their logical id, keeping the new record afterwards.
    for (const [id, old] of replaced) {
      const current = stack.resources[id];
      stack.resources[id] = structuredClone(old);
      await this.deleteResources(stackId, ctx, clients, new Set(), new Set([id]));
      const s = this.stack(stackId);
      s.resources[id] = { ...current, Timestamp: s.resources[id].Timestamp };
    }
    if (removed.length) {
      const previousTemplate = parseTemplate(stack.operation!.previous!.templateBody);
      const deleteCtx = { ...ctx, template: previousTemplate };
      await this.deleteResources(stackId, deleteCtx, clients, new Set(), new Set(removed));
      const s = this.stack(stackId);
      for (const id of removed) if (s.resources[id]?.ResourceStatus === 'DELETE_COMPLETE') delete s.resources[id];
    }
  }

  /**
   * Put the stack back as it was. `skip` (ContinueUpdateRollback's ResourcesToSkip) are marked rolled back without
   * calling their handler, as CloudFormation does.
   */
  protected async rollBackUpdate(
    stackId: string, ctx: StackContext, reason: string, previous: NonNullable<StackRecord['operation']>['previous'] & object,
    created: string[], replaced: Map<string, StackResourceRecord>, updated: Map<string, StackResourceRecord>, clients: ServiceClients | undefined,
    skip: Set<string> = new Set(),
  ) {
    // ContinueUpdateRollback has recorded this step already, as its API call returned.
    if (this.stack(stackId).StackStatus !== 'UPDATE_ROLLBACK_IN_PROGRESS') await this.stackStatus(stackId, 'UPDATE_ROLLBACK_IN_PROGRESS', reason);
    await this.sleep();
    const rollbackFailures: string[] = [];
    // Put updated resources back as they were (their old properties), newest first.
    for (const [id, old] of [...updated].reverse()) {
      const s = this.stack(stackId);
      // What the failed or cancelled update may have changed is unknown: revert from the new properties.
      const current = structuredClone(s.resources[id]);
      const attempted = current.ResourceStatus === 'UPDATE_COMPLETE' ? current.properties : this.attemptedProps.get(id) ?? current.properties;
      const handler = this.types[old.ResourceType];
      await this.resourceEvent(stackId, id, { ResourceStatus: 'UPDATE_IN_PROGRESS' }, old.properties);
      try {
        if (handler && !skip.has(id)) {
          if (!clients) throw this.clientError;
          await handler.update(old.PhysicalResourceId!, old.properties, attempted, this.resourceContext(s, id, old.ResourceType, clients), old.attributes);
        }
        await this.resourceEvent(stackId, id, { ResourceStatus: 'UPDATE_COMPLETE', properties: old.properties, attributes: old.attributes, PhysicalResourceId: old.PhysicalResourceId }, old.properties);
      } catch (e) {
        await this.resourceEvent(stackId, id, { ResourceStatus: 'UPDATE_FAILED', ResourceStatusReason: handlerFailureReason(e, old.ResourceType, uuid()) }, old.properties);
        rollbackFailures.push(id);
      }
    }
    if (rollbackFailures.length) {
      // Kept for ContinueUpdateRollback: what each resource was last asked to become, to revert from.
      const op = this.stack(stackId).operation;
      if (op) op.attempted = { ...op.attempted, ...Object.fromEntries(this.attemptedProps) };
      await this.stackStatus(stackId, 'UPDATE_ROLLBACK_FAILED', `The following resource(s) failed to update: ${failureList(rollbackFailures)}. `);
      return;
    }
    // Replaced resources point at their old physical resource again; their new halves are deleted in clean-up.
    const newHalves = new Map<string, StackResourceRecord>();
    for (const [id, old] of replaced) {
      const s = this.stack(stackId);
      const made = this.replacements.get(id);
      if (made) newHalves.set(id, { ...structuredClone(old), PhysicalResourceId: made.physicalId, properties: made.props });
      s.resources[id] = structuredClone(old);
      await this.resourceEvent(stackId, id, { ResourceStatus: 'UPDATE_COMPLETE', PhysicalResourceId: old.PhysicalResourceId }, old.properties);
    }
    const s = this.stack(stackId);
    s.TemplateBody = previous.templateBody;
    s.Parameters = previous.parameters;
    s.Outputs = previous.outputs;
    s.Description = previous.description;
    await this.stackStatus(stackId, 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    await this.sleep();
    // New resources and the new halves of replacements go.
    for (const [id, half] of newHalves) {
      const keep = this.stack(stackId).resources[id];
      this.stack(stackId).resources[id] = half;
      await this.deleteResources(stackId, ctx, clients, new Set(), new Set([id]));
      this.stack(stackId).resources[id] = { ...keep, Timestamp: this.stack(stackId).resources[id].Timestamp };
    }
    if (created.length) {
      await this.deleteResources(stackId, ctx, clients, new Set(), new Set(created));
      const after = this.stack(stackId);
      for (const id of created) if (after.resources[id]?.ResourceStatus === 'DELETE_COMPLETE') delete after.resources[id];
    }
    this.stack(stackId).LastUpdatedTime = this.deps.now();
    await this.stackStatus(stackId, 'UPDATE_ROLLBACK_COMPLETE');
  }
}
