/**
 * A managed (lifecycle) node with the ROS 2 state machine: unconfigured → (configure) →
 * inactive → (activate) → active, back with deactivate/cleanup, and shutdown from any
 * primary state to finalized. Transition callbacks return 'success' or 'failure' (failure
 * keeps the previous state); a callback that throws sends the node through `onError` and
 * back to unconfigured (or finalized if that fails too). Lifecycle publishers publish only
 * while the node is active. `~/change_state`, `~/get_state`, `~/get_available_states`,
 * `~/get_available_transitions`, `~/get_transition_graph` and `~/transition_event` are offered
 * as in rclcpp, so `ros2 lifecycle nodes/get/set/list` drive it.
 */
import type { Context } from './Context.ts';
import type { QoSInput } from './Qos.ts';
import { Node, type NodeOptions } from './Node.ts';
import type { Publisher } from './Publisher.ts';
import type { lifecycle_msgs, MessageTypeMap } from '../messages/types.generated.ts';
import {
  allStates,
  availableTransitions,
  PRIMARY_TRANSITIONS,
  requestedTransition,
  stateMsg,
  transitionGraph,
  type PrimaryState,
  type TransitionName,
} from './lifecycleStateMachine.ts';

export type LifecycleState = PrimaryState;
export type { TransitionName };
export type TransitionResult = 'success' | 'failure';

export interface LifecycleCallbacks {
  onConfigure?(): TransitionResult | Promise<TransitionResult>;
  onActivate?(): TransitionResult | Promise<TransitionResult>;
  onDeactivate?(): TransitionResult | Promise<TransitionResult>;
  onCleanup?(): TransitionResult | Promise<TransitionResult>;
  onShutdown?(): TransitionResult | Promise<TransitionResult>;
  onError?(): TransitionResult | Promise<TransitionResult>;
}

const CALLBACKS: Record<TransitionName, keyof LifecycleCallbacks> = {
  configure: 'onConfigure',
  activate: 'onActivate',
  deactivate: 'onDeactivate',
  cleanup: 'onCleanup',
  shutdown: 'onShutdown',
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
      response.current_state = stateMsg(this.#state);
      return response;
    });
    this.createService('lifecycle_msgs/srv/ChangeState', '~/change_state', async (request, response) => {
      const transition = requestedTransition(this.#state, request.transition);
      if (!transition)
        this.getLogger().warn(
          `change_state: no transition '${request.transition.label || request.transition.id}' from ${this.#state}`,
        );
      response.success = transition ? (await this.trigger(transition.name)) === 'success' : false;
      return response;
    });
    this.createService('lifecycle_msgs/srv/GetAvailableStates', '~/get_available_states', (_r, response) => {
      response.available_states = allStates();
      return response;
    });
    this.createService(
      'lifecycle_msgs/srv/GetAvailableTransitions',
      '~/get_available_transitions',
      (_request, response) => {
        response.available_transitions = availableTransitions(this.#state);
        return response;
      },
    );
    this.createService(
      'lifecycle_msgs/srv/GetAvailableTransitions',
      '~/get_transition_graph',
      (_request, response) => {
        response.available_transitions = transitionGraph();
        return response;
      },
    );
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
    const spec = PRIMARY_TRANSITIONS.find((t) => t.name === transition && t.from === this.#state);
    if (this.#transitioning || !spec) {
      this.getLogger().warn(
        `cannot ${transition} while ${this.#transitioning ? 'another transition runs' : this.#state}`,
      );
      return 'failure';
    }
    this.#transitioning = true;
    const start = this.#state;
    try {
      const result = (await this.#callbacks[CALLBACKS[transition]]?.()) ?? 'success';
      if (result === 'success') this.#setState(start, spec.to, spec.id, transition);
      return result;
    } catch (error) {
      this.getLogger().error(`${transition} failed with an error: ${(error as Error).message}`);
      let recovered: TransitionResult = 'failure';
      try {
        recovered = (await this.#callbacks.onError?.()) ?? 'success';
      } catch (nested) {
        this.getLogger().error(`onError failed too: ${(nested as Error).message}`);
      }
      this.#setState(start, recovered === 'success' ? 'unconfigured' : 'finalized', spec.id, transition);
      return 'failure';
    } finally {
      this.#transitioning = false;
    }
  }

  #setState(from: LifecycleState, to: LifecycleState, id: number, transition: TransitionName): void {
    this.#state = to;
    this.#events.publish({
      timestamp: BigInt(this.now().nanoseconds),
      transition: { id, label: transition },
      start_state: stateMsg(from),
      goal_state: stateMsg(to),
    });
  }
}
