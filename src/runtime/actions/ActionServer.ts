/**
 * An action server. On the ros2 backend it is rcl_action's own (through rclnodejs), so `ros2
 * action list/info/send_goal` and rclcpp/rclpy clients see a real action server; on the local
 * and hub backends it is built on services and topics exactly as rcl_action lays them out on
 * the wire (`<name>/_action/send_goal`, `cancel_goal`, `get_result`, `feedback`, `status`).
 *
 * Goal lifecycle: ACCEPTED → EXECUTING → SUCCEEDED | ABORTED | CANCELED. `execute` returns the
 * result; it ends the goal as canceled by calling `goal.canceled()` after seeing
 * `goal.isCancelRequested`, or as aborted with `goal.abort()` or by throwing.
 */
import type { action_msgs, ActionTypeMap } from '../../messages/types.generated.ts';
import type { Node } from '../Node.ts';
import type { Publisher } from '../Publisher.ts';
import { QOS_LATCHED } from '../Qos.ts';
import type { Time } from '../Time.ts';
import type { GoalOutcome, NativeActions } from '../Transport.ts';
import { GoalStatus, goalIdKey, isTerminal } from './goalId.ts';

type Part<K, P extends 'Goal' | 'Result' | 'Feedback'> = K extends keyof ActionTypeMap
  ? ActionTypeMap[K][P]
  : unknown;

export class ServerGoalHandle<Goal, Feedback> {
  status: number = GoalStatus.ACCEPTED;
  #cancelRequested = false;
  #ending: 'canceled' | 'aborted' | undefined;

  constructor(
    readonly goalId: Uint8Array,
    readonly request: Goal,
    readonly stamp: Time,
    private readonly sendFeedback: (feedback: Feedback) => void,
  ) {}

  get isCancelRequested(): boolean {
    return this.#cancelRequested;
  }

  get isActive(): boolean {
    return !isTerminal(this.status);
  }

  publishFeedback(feedback: Feedback): void {
    this.sendFeedback(feedback);
  }

  /** Ends the goal as canceled (call after seeing `isCancelRequested`). */
  canceled(): void {
    this.#ending = 'canceled';
  }

  abort(): void {
    this.#ending = 'aborted';
  }

  /** @internal */
  requestCancel(): void {
    this.#cancelRequested = true;
  }

  /** @internal */
  get ending(): 'canceled' | 'aborted' | undefined {
    return this.#ending;
  }
}

export interface ActionServerOptions<Goal, Result, Feedback> {
  execute(goal: ServerGoalHandle<Goal, Feedback>): Result | Promise<Result>;
  /** Accept or reject a new goal (default: accept). */
  goal?(request: Goal): 'accept' | 'reject';
  /** Accept or reject a cancel request (default: accept). */
  cancel?(goal: ServerGoalHandle<Goal, Feedback>): 'accept' | 'reject';
}

interface GoalRecord<Goal, Result, Feedback> {
  readonly handle: ServerGoalHandle<Goal, Feedback>;
  result?: { status: number; result: Result };
  readonly waiters: Array<(value: { status: number; result: Result }) => void>;
}

export class ActionServer<K extends string> {
  readonly name: string;
  readonly #goals = new Map<string, GoalRecord<Part<K, 'Goal'>, Part<K, 'Result'>, Part<K, 'Feedback'>>>();
  #statusPublisher: Publisher<action_msgs.msg.GoalStatusArray> | undefined;
  readonly #entities: Array<{ destroy(): void }> = [];

  constructor(
    private readonly node: Node,
    readonly type: K,
    name: string,
    private readonly options: ActionServerOptions<Part<K, 'Goal'>, Part<K, 'Result'>, Part<K, 'Feedback'>>,
  ) {
    const registry = node.context.registry;
    registry.definition(`${type}_Goal`);
    this.name = node.resolveName(name);
    if (node.nativeActions) this.#serveNatively(node.nativeActions);
    else this.#serveOnWire();
  }

  #serveNatively(actions: NativeActions): void {
    type Handle = ServerGoalHandle<Part<K, 'Goal'>, Part<K, 'Feedback'>>;
    const handles = new Map<string, Handle>();
    this.#entities.push(
      actions.serve(this.name, this.type, {
        goal: (request) => (this.options.goal?.(request as Part<K, 'Goal'>) ?? 'accept') === 'accept',
        cancel: (goalId) => {
          const handle = handles.get(goalIdKey(goalId));
          if (!handle || (this.options.cancel?.(handle) ?? 'accept') !== 'accept') return false;
          handle.requestCancel();
          handle.status = GoalStatus.CANCELING;
          return true;
        },
        execute: async (goal) => {
          const key = goalIdKey(goal.goalId);
          const handle: Handle = new ServerGoalHandle(
            Uint8Array.from(goal.goalId),
            goal.request as Part<K, 'Goal'>,
            this.node.now(),
            (feedback) => goal.publishFeedback(feedback),
          );
          handle.status = GoalStatus.EXECUTING;
          handles.set(key, handle);
          try {
            const { status, result } = await this.#runOnExecutor(handle);
            handle.status = status;
            const outcome: GoalOutcome =
              status === GoalStatus.SUCCEEDED
                ? 'succeeded'
                : status === GoalStatus.CANCELED
                  ? 'canceled'
                  : 'aborted';
            return { outcome, result };
          } finally {
            handles.delete(key);
          }
        },
      }),
    );
  }

  /** Runs the user's execute callback on the node's executor, as every other callback runs. */
  #runOnExecutor(
    handle: ServerGoalHandle<Part<K, 'Goal'>, Part<K, 'Feedback'>>,
  ): Promise<{ status: number; result: Part<K, 'Result'> }> {
    return new Promise((resolve) =>
      this.node.context.executor.enqueue({
        label: `action '${this.name}' execute callback`,
        logger: this.node.getLogger(),
        run: async () => resolve(await this.#outcome(handle)),
      }),
    );
  }

  #serveOnWire(): void {
    const { node, type, options } = this;
    const prefix = `${this.name}/_action`;
    const feedback = node.createPublisher(`${type}_FeedbackMessage`, `${prefix}/feedback`);
    this.#statusPublisher = node.createPublisher(
      'action_msgs/msg/GoalStatusArray',
      `${prefix}/status`,
      QOS_LATCHED,
    );
    this.#entities.push(feedback, this.#statusPublisher);

    const sendGoalType: string = `${type}_SendGoal`;
    const getResultType: string = `${type}_GetResult`;
    this.#entities.push(
      node.createService(sendGoalType, `${prefix}/send_goal`, (requestMsg, responseMsg) => {
        const request = requestMsg as { goal_id: { uuid: Uint8Array }; goal: Part<K, 'Goal'> };
        const response = responseMsg as { accepted: boolean; stamp: unknown };
        const key = goalIdKey(request.goal_id.uuid);
        const decision = this.#goals.has(key) ? 'reject' : (options.goal?.(request.goal) ?? 'accept');
        const stamp = node.now();
        response.accepted = decision === 'accept';
        response.stamp = stamp.toMsg();
        if (!response.accepted) return response;
        const goalId = Uint8Array.from(request.goal_id.uuid);
        const handle = new ServerGoalHandle<Part<K, 'Goal'>, Part<K, 'Feedback'>>(
          goalId,
          request.goal,
          stamp,
          (fb) => feedback.publish({ goal_id: { uuid: goalId }, feedback: fb } as never),
        );
        this.#goals.set(key, { handle, waiters: [] });
        this.#publishStatus();
        node.context.executor.enqueue({
          label: `action '${this.name}' execute callback`,
          logger: node.getLogger(),
          run: () => this.#execute(key),
        });
        return response;
      }),
    );

    this.#entities.push(
      node.createService('action_msgs/srv/CancelGoal', `${prefix}/cancel_goal`, (request, response) => {
        const wanted = goalIdKey(request.goal_info.goal_id.uuid);
        const cancelAll = /^0+$/.test(wanted);
        const targets = cancelAll
          ? [...this.#goals.values()]
          : [this.#goals.get(wanted)].filter((g) => g !== undefined);
        if (targets.length === 0) {
          response.return_code = cancelAll ? 0 : 2; // ERROR_NONE : ERROR_UNKNOWN_GOAL_ID
          return response;
        }
        const active = targets.filter((record) => record.handle.isActive);
        if (active.length === 0) {
          response.return_code = 3; // ERROR_GOAL_TERMINATED
          return response;
        }
        for (const record of active) {
          if ((options.cancel?.(record.handle) ?? 'accept') !== 'accept') continue;
          record.handle.requestCancel();
          record.handle.status = GoalStatus.CANCELING;
          response.goals_canceling.push({
            goal_id: { uuid: record.handle.goalId },
            stamp: record.handle.stamp.toMsg(),
          });
        }
        response.return_code = response.goals_canceling.length > 0 ? 0 : 1; // ERROR_NONE : ERROR_REJECTED
        this.#publishStatus();
        return response;
      }),
    );

    this.#entities.push(
      node.createService(getResultType, `${prefix}/get_result`, (requestMsg, responseMsg) => {
        const request = requestMsg as { goal_id: { uuid: Uint8Array } };
        const response = responseMsg as { status: number; result: unknown };
        const record = this.#goals.get(goalIdKey(request.goal_id.uuid));
        if (!record) {
          response.status = GoalStatus.UNKNOWN;
          return response;
        }
        if (record.result) return { ...response, ...record.result };
        return new Promise((resolve) => record.waiters.push((value) => resolve({ ...response, ...value })));
      }),
    );
  }

  async #execute(key: string): Promise<void> {
    const record = this.#goals.get(key)!;
    const { handle } = record;
    if (handle.status === GoalStatus.ACCEPTED) handle.status = GoalStatus.EXECUTING;
    this.#publishStatus();
    const { status, result } = await this.#outcome(handle);
    handle.status = status;
    record.result = { status, result };
    for (const resolve of record.waiters.splice(0)) resolve(record.result);
    this.#publishStatus();
  }

  /** Runs the execute callback to its end: the goal's final status and a valid result. */
  async #outcome(
    handle: ServerGoalHandle<Part<K, 'Goal'>, Part<K, 'Feedback'>>,
  ): Promise<{ status: number; result: Part<K, 'Result'> }> {
    let result: Part<K, 'Result'>;
    let status: number;
    try {
      result = await this.options.execute(handle);
      status =
        handle.ending === 'canceled'
          ? GoalStatus.CANCELED
          : handle.ending === 'aborted'
            ? GoalStatus.ABORTED
            : GoalStatus.SUCCEEDED;
      this.node.context.registry.validate(`${this.type}_Result`, result);
    } catch (error) {
      this.node
        .getLogger()
        .error(
          `action '${this.name}': goal ${goalIdKey(handle.goalId)} aborted: ${(error as Error).message}`,
        );
      result = this.node.context.registry.create(`${this.type}_Result`);
      status = GoalStatus.ABORTED;
    }
    return { status, result };
  }

  #publishStatus(): void {
    if (!this.#statusPublisher) return;
    const status_list = [...this.#goals.values()].map(({ handle }) => ({
      goal_info: { goal_id: { uuid: handle.goalId }, stamp: handle.stamp.toMsg() },
      status: handle.status,
    }));
    this.#statusPublisher.publish({ status_list });
  }

  destroy(): void {
    for (const entity of this.#entities) entity.destroy();
  }
}
