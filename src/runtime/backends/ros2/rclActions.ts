/**
 * Actions on the ros2 backend through rclnodejs' own rcl_action server and client, so the
 * graph shows real action servers (`ros2 action list/info/send_goal`) and katazuke clients
 * drive rclcpp and rclpy servers. katazuke's ActionServer/ActionClient keep their API on top.
 */
import type { NativeActions } from '../../Transport.ts';
import type { RclnodejsModule, RclNode, RclServerGoalHandle } from './rclnodejsApi.ts';

/** rclnodejs hands the goal over as its message class; katazuke code reads plain objects (typed arrays as rclnodejs' subscriptions give them). */
function plain(message: object): unknown {
  const convertible = message as { toPlainObject?: (typedArrays: boolean) => unknown };
  return convertible.toPlainObject ? convertible.toPlainObject(true) : message;
}

export function rclActions(rcl: RclnodejsModule, node: RclNode): NativeActions {
  return {
    serve(name, type, callbacks) {
      const goalId = (handle: RclServerGoalHandle) => Uint8Array.from(handle.goalId.uuid);
      const server = new rcl.ActionServer(
        node,
        type,
        name,
        async (handle) => {
          const { outcome, result } = await callbacks.execute({
            goalId: goalId(handle),
            request: plain(handle.request),
            publishFeedback: (feedback) => handle.publishFeedback(feedback as object),
          });
          if (outcome === 'succeeded') handle.succeed();
          else if (outcome === 'canceled') handle.canceled();
          else handle.abort();
          return result;
        },
        (request) => (callbacks.goal(request) ? rcl.GoalResponse.ACCEPT : rcl.GoalResponse.REJECT),
        undefined,
        (handle) =>
          handle && callbacks.cancel(goalId(handle)) ? rcl.CancelResponse.ACCEPT : rcl.CancelResponse.REJECT,
      );
      return { destroy: () => server.destroy() };
    },

    client(name, type) {
      const client = new rcl.ActionClient(node, type, name);
      return {
        serverAvailable: () => client.isActionServerAvailable(),
        waitForServer: (timeoutMs) =>
          client.waitForServer(Number.isFinite(timeoutMs) ? timeoutMs : undefined),
        sendGoal: async (goal, onFeedback) => {
          const handle = await client.sendGoal(goal as object, onFeedback);
          return {
            goalId: Uint8Array.from(handle.goalId.uuid),
            accepted: handle.accepted,
            result: async () => {
              const result = await handle.getResult();
              return { status: handle.status, result };
            },
            cancel: async () => (await handle.cancelGoal()) as { return_code: number },
          };
        },
        destroy: () => client.destroy(),
      };
    },
  };
}
