/**
 * An action client: `sendGoal` returns a handle once the server accepted or rejected the goal;
 * the handle gives the result, feedback and cancellation. On the ros2 backend it is
 * rcl_action's own client (through rclnodejs), so it drives rclcpp and rclpy servers; on the
 * others it speaks the rcl_action wire protocol over services and topics.
 */
import type { ActionTypeMap } from '../../messages/types.generated.ts';
import type { Node } from '../Node.ts';
import type { Client } from '../Service.ts';
import type { Subscription } from '../Subscription.ts';
import type { NativeActionClient } from '../Transport.ts';
import { goalIdKey, newGoalId } from './goalId.ts';

type Part<K, P extends 'Goal' | 'Result' | 'Feedback'> = K extends keyof ActionTypeMap
  ? ActionTypeMap[K][P]
  : unknown;

export interface ActionResult<Result> {
  readonly status: number;
  readonly result: Result;
}

export class ClientGoalHandle<Result> {
  constructor(
    readonly goalId: Uint8Array,
    readonly accepted: boolean,
    private readonly fetchResult: () => Promise<ActionResult<Result>>,
    private readonly requestCancel: () => Promise<{ return_code: number }>,
  ) {}

  getResult(): Promise<ActionResult<Result>> {
    return this.fetchResult();
  }

  /** Asks the server to cancel; resolves with the CancelGoal response. */
  cancelGoal(): Promise<{ return_code: number }> {
    return this.requestCancel();
  }
}

export class ActionClient<K extends string> {
  readonly name: string;
  readonly #native: NativeActionClient | undefined;
  readonly #sendGoal!: Client;
  readonly #cancelGoal!: Client;
  readonly #getResult!: Client;
  readonly #feedbackListeners = new Map<string, (feedback: Part<K, 'Feedback'>) => void>();
  readonly #feedbackSubscription: Subscription | undefined;

  constructor(
    node: Node,
    readonly type: K,
    name: string,
  ) {
    node.context.registry.definition(`${type}_Goal`);
    this.name = node.resolveName(name);
    this.#native = node.nativeActions?.client(this.name, type);
    if (this.#native) return;
    const prefix = `${this.name}/_action`;
    this.#sendGoal = node.createClient(`${type}_SendGoal`, `${prefix}/send_goal`);
    this.#cancelGoal = node.createClient('action_msgs/srv/CancelGoal', `${prefix}/cancel_goal`);
    this.#getResult = node.createClient(`${type}_GetResult`, `${prefix}/get_result`);
    this.#feedbackSubscription = node.createSubscription(
      `${type}_FeedbackMessage`,
      `${prefix}/feedback`,
      (message) => {
        const { goal_id, feedback } = message as {
          goal_id: { uuid: Uint8Array };
          feedback: Part<K, 'Feedback'>;
        };
        this.#feedbackListeners.get(goalIdKey(goal_id.uuid))?.(feedback);
      },
    );
  }

  isActionServerAvailable(): boolean {
    if (this.#native) return this.#native.serverAvailable();
    return this.#sendGoal.isServiceServerAvailable() && this.#getResult.isServiceServerAvailable();
  }

  async waitForServer(timeoutMs = Infinity): Promise<boolean> {
    if (this.#native) return this.#native.waitForServer(timeoutMs);
    return (await this.#sendGoal.waitForService(timeoutMs)) && this.#getResult.waitForService(timeoutMs);
  }

  async sendGoal(
    goal: Part<K, 'Goal'>,
    onFeedback?: (feedback: Part<K, 'Feedback'>) => void,
  ): Promise<ClientGoalHandle<Part<K, 'Result'>>> {
    if (this.#native) {
      const sent = await this.#native.sendGoal(goal, onFeedback as ((f: unknown) => void) | undefined);
      return new ClientGoalHandle(
        sent.goalId,
        sent.accepted,
        () => sent.result() as Promise<ActionResult<Part<K, 'Result'>>>,
        () => sent.cancel(),
      );
    }
    const goalId = newGoalId();
    const key = goalIdKey(goalId);
    if (onFeedback) this.#feedbackListeners.set(key, onFeedback);
    const response = (await this.#sendGoal.sendRequest({ goal_id: { uuid: goalId }, goal })) as {
      accepted: boolean;
    };
    if (!response.accepted) this.#feedbackListeners.delete(key);
    let result: Promise<ActionResult<Part<K, 'Result'>>> | undefined;
    return new ClientGoalHandle(
      goalId,
      response.accepted,
      () => {
        result ??= (
          this.#getResult.sendRequest({ goal_id: { uuid: goalId } }) as Promise<
            ActionResult<Part<K, 'Result'>>
          >
        ).finally(() => this.#feedbackListeners.delete(key));
        return result;
      },
      () =>
        this.#cancelGoal.sendRequest({
          goal_info: { goal_id: { uuid: goalId }, stamp: { sec: 0, nanosec: 0 } },
        }) as Promise<{
          return_code: number;
        }>,
    );
  }

  destroy(): void {
    this.#native?.destroy();
    this.#feedbackSubscription?.destroy();
  }
}
