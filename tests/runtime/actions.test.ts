import { describe, expect, it } from 'vitest';
import { ActionClient } from '../../src/runtime/actions/ActionClient.ts';
import { ActionServer } from '../../src/runtime/actions/ActionServer.ts';
import { GoalStatus } from '../../src/runtime/actions/goalId.ts';
import { testContext } from './helpers.ts';

/** Lets microtasks and the executor run until `promise` settles (no sleeps, no wall time). */
async function spinUntil<T>(context: { spinSome(): number }, promise: Promise<T>): Promise<T> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 1000 && !settled; i++) {
    context.spinSome();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return promise;
}

describe('actions', () => {
  it('a goal runs to success with feedback', async () => {
    const { context } = testContext();
    const server = context.createNode('arm');
    new ActionServer(server, 'katazuke_msgs/action/PickAndPlace', 'pick_and_place', {
      execute: (goal) => {
        goal.publishFeedback({ phase: 'grasp', progress: 0.5 });
        return {
          success: true,
          message: `put ${goal.request.item_id} on ${goal.request.place_id}`,
          duration_s: 1.5,
        };
      },
    });
    const client = new ActionClient(
      context.createNode('planner'),
      'katazuke_msgs/action/PickAndPlace',
      '/pick_and_place',
    );
    const feedback: string[] = [];
    const handle = await spinUntil(
      context,
      client.sendGoal({ item_id: 'sock_1', place_id: 'basket' }, (f) => feedback.push(f.phase)),
    );
    expect(handle.accepted).toBe(true);
    const { status, result } = await spinUntil(context, handle.getResult());
    expect(status).toBe(GoalStatus.SUCCEEDED);
    expect(result.message).toBe('put sock_1 on basket');
    expect(feedback).toEqual(['grasp']);
  });

  it('a running goal can be canceled', async () => {
    const { context } = testContext();
    const server = context.createNode('arm');
    let release!: () => void;
    const canceledSeen = new Promise<void>((resolve) => (release = resolve));
    new ActionServer(server, 'katazuke_msgs/action/PickAndPlace', 'pick_and_place', {
      execute: async (goal) => {
        await canceledSeen;
        expect(goal.isCancelRequested).toBe(true);
        goal.canceled();
        return { success: false, message: 'canceled', duration_s: 0 };
      },
    });
    const client = new ActionClient(
      context.createNode('planner'),
      'katazuke_msgs/action/PickAndPlace',
      'pick_and_place',
    );
    const handle = await spinUntil(context, client.sendGoal({ item_id: 'cup', place_id: 'shelf' }));
    const cancel = await spinUntil(context, handle.cancelGoal());
    expect(cancel.return_code).toBe(0);
    release();
    const { status } = await spinUntil(context, handle.getResult());
    expect(status).toBe(GoalStatus.CANCELED);
  });

  it('a rejected goal is reported as not accepted; a throwing execute aborts', async () => {
    const { context } = testContext();
    const server = context.createNode('arm');
    new ActionServer(server, 'katazuke_msgs/action/PickAndPlace', 'pick', {
      goal: (request) => (request.item_id === '' ? 'reject' : 'accept'),
      execute: () => {
        throw new Error('gripper jammed');
      },
    });
    const client = new ActionClient(
      context.createNode('planner'),
      'katazuke_msgs/action/PickAndPlace',
      'pick',
    );
    expect((await spinUntil(context, client.sendGoal({ item_id: '', place_id: 'x' }))).accepted).toBe(false);
    const handle = await spinUntil(context, client.sendGoal({ item_id: 'ball', place_id: 'toy_box' }));
    expect((await spinUntil(context, handle.getResult())).status).toBe(GoalStatus.ABORTED);
  });
});
