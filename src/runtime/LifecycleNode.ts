/**
 * A managed (lifecycle) node with the ROS 2 state machine: unconfigured → (configure) →
 * inactive → (activate) → active, back with deactivate/cleanup, and shutdown from any
 * primary state to finalized. Transition callbacks return 'success' or 'failure' (failure
 * keeps the previous state); a callback that throws sends the node through `onError` and
 * back to unconfigured (or finalized if that fails too). Lifecycle publishers publish only
 * while the node is active. `~/change_state`, `~/get_state` and `~/transition_event` are
 * offered as in rclcpp, so `ros2 lifecycle` can drive it.
 */
import type { Context } from './Context.ts';
import type { QoSInput } from './Qos.ts';
import { Node, type NodeOptions } from './Node.ts';
import type { Publisher } from './Publisher.ts';
import type { lifecycle_msgs, MessageTypeMap } from '../messages/types.generated.ts';

export type LifecycleState = 'unconfigured' | 'inactive' | 'active' | 'finalized';
export type TransitionResult = 'success' | 'failure';
export type TransitionName = 'configure' | 'activate' | 'deactivate' | 'cleanup' | 'shutdown';

export interface LifecycleCallbacks {
  onConfigure?(): TransitionResult | Promise<TransitionResult>;
  onActivate?(): TransitionResult | Promise<TransitionResult>;
  onDeactivate?(): TransitionResult | Promise<TransitionResult>;
  onCleanup?(): TransitionResult | Promise<TransitionResult>;
  onShutdown?(): TransitionResult | Promise<TransitionResult>;
  onError?(): TransitionResult | Promise<TransitionResult>;
}

const STATE_IDS: Record<LifecycleState, number> = { unconfigured: 1, inactive: 2, active: 3, finalized: 4 };
const TRANSITION_IDS: Record<TransitionName, number> = {
  configure: 1,
  cleanup: 2,
  activate: 3,
  deactivate: 4,
  shutdown: 5,
};

const TRANSITIONS: Record<
  TransitionName,
  { from: LifecycleState[]; to: LifecycleState; callback: keyof LifecycleCallbacks }
> = {
  configure: { from: ['unconfigured'], to: 'inactive', callback: 'onConfigure' },
  activate: { from: ['inactive'], to: 'active', callback: 'onActivate' },
  deactivate: { from: ['active'], to: 'inactive', callback: 'onDeactivate' },
  cleanup: { from: ['inactive'], to: 'unconfigured', callback: 'onCleanup' },
  shutdown: { from: ['unconfigured', 'inactive', 'active'], to: 'finalized', callback: 'onShutdown' },
};

type MessageOf<K> = K extends keyof MessageTypeMap ? MessageTypeMap[K] : unknown;

/** A publisher that drops messages (with a warning, once) while its node is not active. */
export class LifecyclePublisher<T> {
  #warned = false;

  constructor(
    private readonly publisher: Publisher<T>,
    private readonly node: LifecycleNode,
  ) {}

  get topic(): string {
    return this.publisher.topic;
  }

  publish(message: T): void {
    if (this.node.state !== 'active') {
      if (!this.#warned)
        this.node.getLogger().warn(`publisher on '${this.topic}' is not activated: message dropped`);
      this.#warned = true;
      return;
    }
    this.#warned = false;
    this.publisher.publish(message);
  }
}

export class LifecycleNode extends Node {
  #state: LifecycleState = 'unconfigured';
  #transitioning = false;
  readonly #callbacks: LifecycleCallbacks;
  readonly #events: Publisher<lifecycle_msgs.msg.TransitionEvent>;

  constructor(
    name: string,
    context: Context,
    options: NodeOptions & { callbacks?: LifecycleCallbacks } = {},
  ) {
    super(name, context, options);
    this.#callbacks = options.callbacks ?? {};
    this.#events = this.createPublisher('lifecycle_msgs/msg/TransitionEvent', '~/transition_event');
    this.createService('lifecycle_msgs/srv/GetState', '~/get_state', (_request, response) => {
      response.current_state = { id: STATE_IDS[this.#state], label: this.#state };
      return response;
    });
    this.createService('lifecycle_msgs/srv/ChangeState', '~/change_state', async (request, response) => {
      const entry = Object.entries(TRANSITION_IDS).find(([, id]) => id === request.transition.id);
      response.success = entry ? (await this.trigger(entry[0] as TransitionName)) === 'success' : false;
      return response;
    });
  }

  get state(): LifecycleState {
    return this.#state;
  }

  createLifecyclePublisher<K extends string>(
    type: K,
    topic: string,
    qos?: QoSInput,
  ): LifecyclePublisher<MessageOf<K>> {
    return new LifecyclePublisher(this.createPublisher(type, topic, qos), this);
  }

  configure(): Promise<TransitionResult> {
    return this.trigger('configure');
  }
  activate(): Promise<TransitionResult> {
    return this.trigger('activate');
  }
  deactivate(): Promise<TransitionResult> {
    return this.trigger('deactivate');
  }
  cleanup(): Promise<TransitionResult> {
    return this.trigger('cleanup');
  }
  shutdown(): Promise<TransitionResult> {
    return this.trigger('shutdown');
  }

  /** Runs a transition; a transition not allowed from the current state is a failure, logged. */
  async trigger(transition: TransitionName): Promise<TransitionResult> {
    const spec = TRANSITIONS[transition];
    if (this.#transitioning || !spec.from.includes(this.#state)) {
      this.getLogger().warn(
        `cannot ${transition} while ${this.#transitioning ? 'another transition runs' : this.#state}`,
      );
      return 'failure';
    }
    this.#transitioning = true;
    const start = this.#state;
    try {
      const result = (await this.#callbacks[spec.callback]?.()) ?? 'success';
      if (result === 'success') this.#setState(start, spec.to, transition);
      return result;
    } catch (error) {
      this.getLogger().error(`${transition} failed with an error: ${(error as Error).message}`);
      let recovered: TransitionResult = 'failure';
      try {
        recovered = (await this.#callbacks.onError?.()) ?? 'success';
      } catch (nested) {
        this.getLogger().error(`onError failed too: ${(nested as Error).message}`);
      }
      this.#setState(start, recovered === 'success' ? 'unconfigured' : 'finalized', transition);
      return 'failure';
    } finally {
      this.#transitioning = false;
    }
  }

  #setState(from: LifecycleState, to: LifecycleState, transition: TransitionName): void {
    this.#state = to;
    this.#events.publish({
      timestamp: BigInt(this.now().nanoseconds),
      transition: { id: TRANSITION_IDS[transition], label: transition },
      start_state: { id: STATE_IDS[from], label: from },
      goal_state: { id: STATE_IDS[to], label: to },
    });
  }
}
