/**
 * What a backend provides: moving messages and service calls between nodes. Everything
 * above it (nodes, parameters, actions, lifecycle, tf, clocks) is built once on these
 * primitives, so every backend gets the same semantics.
 */
import type { QoSProfile } from './Qos.ts';

export interface TopicEndpoint {
  readonly topic: string;
  readonly type: string;
  readonly node: string;
  readonly qos: QoSProfile;
}

export interface GraphSnapshot {
  readonly nodes: string[];
  readonly publishers: TopicEndpoint[];
  readonly subscriptions: TopicEndpoint[];
  readonly services: Array<{ name: string; type: string; node: string }>;
}

export interface PublisherHandle {
  publish(message: unknown): void;
  subscriptionCount(): number;
  destroy(): void;
}

export interface Handle {
  destroy(): void;
}

export type ServiceHandler = (request: unknown) => Promise<unknown>;

/** The transport side of one node. */
export interface NodeTransport {
  advertise(topic: string, type: string, qos: QoSProfile): PublisherHandle;
  /** `deliver` is called once per message, in arrival order, from the transport. */
  subscribe(topic: string, type: string, qos: QoSProfile, deliver: (message: unknown) => void): Handle;
  advertiseService(name: string, type: string, handler: ServiceHandler): Handle;
  callService(name: string, type: string, request: unknown): Promise<unknown>;
  serviceAvailable(name: string, type: string): boolean;
  /** Set where the backend serves actions itself (rcl_action on ros2); elsewhere actions are built on the primitives above. */
  readonly actions?: NativeActions;
  destroy(): void;
}

export type GoalOutcome = 'succeeded' | 'aborted' | 'canceled';

/** One accepted goal, as the backend hands it to the server. */
export interface NativeGoal {
  readonly goalId: Uint8Array;
  readonly request: unknown;
  publishFeedback(feedback: unknown): void;
}

export interface NativeActionServerCallbacks {
  goal(request: unknown): boolean;
  /** Whether a cancel request for an active goal is accepted; the goal then sees it requested. */
  cancel(goalId: Uint8Array): boolean;
  execute(goal: NativeGoal): Promise<{ outcome: GoalOutcome; result: unknown }>;
}

export interface NativeClientGoal {
  readonly goalId: Uint8Array;
  readonly accepted: boolean;
  result(): Promise<{ status: number; result: unknown }>;
  cancel(): Promise<{ return_code: number }>;
}

export interface NativeActionClient {
  serverAvailable(): boolean;
  waitForServer(timeoutMs: number): Promise<boolean>;
  sendGoal(goal: unknown, onFeedback?: (feedback: unknown) => void): Promise<NativeClientGoal>;
  destroy(): void;
}

export interface NativeActions {
  serve(name: string, type: string, callbacks: NativeActionServerCallbacks): Handle;
  client(name: string, type: string): NativeActionClient;
}

export interface Transport {
  readonly kind: 'local' | 'hub' | 'ros2';
  attachNode(fullyQualifiedName: string): NodeTransport;
  graph(): GraphSnapshot;
  /** Called whenever the graph changes (endpoints added or removed). */
  onGraphChange(listener: () => void): void;
  close(): Promise<void>;
}
