/**
 * The part of rclnodejs the ros2 backend uses, checked against rclnodejs' own typings by
 * `npm run typecheck:ros2` (rclnodejsConformance.ts), and its lazy loading: rclnodejs is an
 * optional dependency that only builds where a ROS 2 distro is sourced.
 */

/** Generic in rclnodejs' own classes, so the conformance check can pass them in. */
export interface RclnodejsModule<
  Options extends RclNodeOptions = RclNodeOptions,
  Context extends RclContext = RclContext,
  Node extends RclNode = RclNode,
> {
  init(context?: Context, argv?: string[]): Promise<void>;
  removeSignalHandlers(): void;
  spin(node: Node): void;
  Context: new () => Context;
  Node: new (
    name: string,
    namespace?: string,
    context?: Context,
    options?: Options,
    args?: string[],
    useGlobalArguments?: boolean,
  ) => Node;
  NodeOptions: new () => Options;
  QoS: new (history?: number, depth?: number, reliability?: number, durability?: number) => RclQoS;
  ActionServer: new (
    node: Node,
    type: string,
    name: string,
    execute: (goal: RclServerGoalHandle) => Promise<unknown>,
    goal: (request: unknown) => number,
    handleAccepted: undefined,
    cancel: (goal?: RclServerGoalHandle) => number,
  ) => { destroy(): void };
  ActionClient: new (node: Node, type: string, name: string) => RclActionClient;
  GoalResponse: { REJECT: number; ACCEPT: number };
  CancelResponse: { REJECT: number; ACCEPT: number };
}

export interface RclContext {
  shutdown(): void;
}

/** rclnodejs' QoS instance, as its typings declare it; the adapter only passes it through. */
export interface RclQoS {
  history: number;
  depth: number;
  reliability(): number;
  durability: number;
  liveliness: number;
  avoidRosNameSpaceConventions: boolean;
}

export interface RclNodeOptions {
  startParameterServices: boolean;
  enableRosout: boolean;
}

export interface RclServerGoalHandle {
  readonly request: object;
  readonly goalId: { uuid: ArrayLike<number> };
  publishFeedback(feedback: object): void;
  succeed(): void;
  abort(): void;
  canceled(): void;
}

export interface RclClientGoalHandle {
  readonly goalId: { uuid: ArrayLike<number> };
  readonly accepted: boolean;
  readonly status: number;
  getResult(): Promise<unknown>;
  cancelGoal(): Promise<unknown>;
}

export interface RclActionClient {
  sendGoal(goal: object, feedback?: (feedback: unknown) => void): Promise<RclClientGoalHandle>;
  isActionServerAvailable(): boolean;
  waitForServer(timeoutMs?: number): Promise<boolean>;
  destroy(): void;
}

/** One endpoint as rcl's graph reports it (`get_publishers_info_by_topic`). */
export interface RclEndpointInfo {
  node_name: string;
  node_namespace: string;
  topic_type: string;
  qos_profile: { depth: number; reliability: number; durability: number };
}

export interface RclNode {
  createPublisher(
    type: string,
    topic: string,
    options?: { qos?: RclQoS },
  ): { publish(message: Buffer): void };
  createSubscription(
    type: string,
    topic: string,
    options: { qos?: RclQoS; isRaw?: boolean },
    callback: (message: unknown) => void,
  ): unknown;
  createService(
    type: string,
    name: string,
    callback: (request: unknown, response: { template: unknown; send(message: unknown): void }) => void,
  ): unknown;
  createClient(
    type: string,
    name: string,
  ): {
    isServiceServerAvailable(): boolean;
    sendRequestAsync(request: unknown): Promise<unknown>;
  };
  destroyPublisher(publisher: never): void;
  destroySubscription(subscription: never): void;
  destroyService(service: never): void;
  countSubscribers(topic: string): number;
  getTopicNamesAndTypes(): Array<{ name: string; types: string[] }>;
  getServiceNamesAndTypesByNode(
    nodeName: string,
    namespace: string,
  ): Array<{ name: string; types: string[] }>;
  getNodeNamesAndNamespaces(): Array<{ name: string; namespace: string }>;
  getPublishersInfoByTopic(topic: string, noDemangle: boolean): object[];
  getSubscriptionsInfoByTopic(topic: string, noDemangle: boolean): object[];
  destroy(): void;
}

// rmw QoS policy values (rmw/types.h).
export const RMW = {
  KEEP_LAST: 1,
  RELIABLE: 1,
  BEST_EFFORT: 2,
  TRANSIENT_LOCAL: 1,
  VOLATILE: 2,
} as const;

export const RCLNODEJS_MISSING =
  "the 'ros2' backend needs rclnodejs built against a ROS 2 distro, and it could not be loaded. " +
  'Source a ROS 2 distro (Humble or later), e.g. `source /opt/ros/humble/setup.bash`, then run ' +
  '`npm_config_yes=true ONNXRUNTIME_NODE_INSTALL=skip npm ci` in this project: that builds rclnodejs against it ' +
  '(`npm rebuild` does not, once `npm ci` left rclnodejs out). ' +
  'Without ROS 2, use the default local backend (KATAZUKE_BACKEND=local).';

export async function loadRclnodejs(): Promise<RclnodejsModule> {
  if (!process.env.AMENT_PREFIX_PATH)
    throw new Error(`${RCLNODEJS_MISSING} (AMENT_PREFIX_PATH is not set: no ROS 2 distro is sourced)`);
  const specifier = 'rclnodejs';
  try {
    const module = (await import(specifier)) as { default?: RclnodejsModule } & RclnodejsModule;
    return module.default ?? module;
  } catch (error) {
    throw new Error(`${RCLNODEJS_MISSING} (${(error as Error).message.split('\n')[0]})`);
  }
}
