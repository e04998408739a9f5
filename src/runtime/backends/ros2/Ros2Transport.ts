/**
 * The `ros2` backend: a thin adapter from the transport primitives to rclnodejs, so the same
 * nodes run as real ROS 2 nodes on a robot. rclnodejs is an optional dependency that only
 * builds where a ROS 2 distro is sourced, so it is loaded here, lazily, and only when this
 * backend is chosen. Parameters, actions, lifecycle and tf stay katazuke's own, built on these
 * primitives with ROS 2's service and topic names, so `ros2 param`, `ros2 action` and tf2
 * see them; rclnodejs' own parameter services are therefore switched off.
 */
import type { QoSProfile } from '../../Qos.ts';
import type { GraphSnapshot, NodeTransport, Transport } from '../../Transport.ts';

/**
 * The part of rclnodejs this adapter uses, checked against rclnodejs' typings by
 * `npm run typecheck:ros2` (with `Options` = rclnodejs' own NodeOptions there).
 */
export interface RclnodejsModule<Options extends RclNodeOptions = RclNodeOptions> {
  init(): Promise<void>;
  shutdown(): void;
  spin(node: RclNode): void;
  Node: new (name: string, namespace?: string, context?: undefined, options?: Options) => RclNode;
  NodeOptions: new () => Options;
  QoS: new (history?: number, depth?: number, reliability?: number, durability?: number) => RclQoS;
}

/** rclnodejs' QoS instance, as its typings declare it; the adapter only passes it through. */
interface RclQoS {
  history: number;
  depth: number;
  reliability(): number;
  durability: number;
  liveliness: number;
  avoidRosNameSpaceConventions: boolean;
}

interface RclNodeOptions {
  startParameterServices: boolean;
}

interface RclNode {
  createPublisher(
    type: string,
    topic: string,
    options?: { qos?: RclQoS },
  ): { publish(message: unknown): void };
  createSubscription(
    type: string,
    topic: string,
    options: { qos?: RclQoS },
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
  getServiceNamesAndTypes(): Array<{ name: string; types: string[] }>;
  getNodeNamesAndNamespaces(): Array<{ name: string; namespace: string }>;
  destroy(): void;
}

// rmw QoS policy values (rmw/types.h).
const KEEP_LAST = 1;
const RELIABLE = 1;
const BEST_EFFORT = 2;
const TRANSIENT_LOCAL = 1;
const VOLATILE = 2;

export const RCLNODEJS_MISSING =
  "the 'ros2' backend needs rclnodejs built against a ROS 2 distro, and it could not be loaded. " +
  'Source a ROS 2 distro (Humble or later), e.g. `source /opt/ros/humble/setup.bash`, then run `npm rebuild rclnodejs` ' +
  '(or `npm install rclnodejs`) in this project. Without ROS 2, use the default local backend (KATAZUKE_BACKEND=local).';

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

export class Ros2Transport implements Transport {
  readonly kind = 'ros2' as const;
  readonly #nodes = new Map<string, RclNode>();
  readonly #graphListeners: Array<() => void> = [];

  private constructor(private readonly rcl: RclnodejsModule) {}

  static async create(): Promise<Ros2Transport> {
    const rcl = await loadRclnodejs();
    await rcl.init();
    return new Ros2Transport(rcl);
  }

  #qos(qos: QoSProfile): RclQoS {
    return new this.rcl.QoS(
      KEEP_LAST,
      qos.depth,
      qos.reliability === 'reliable' ? RELIABLE : BEST_EFFORT,
      qos.durability === 'transient_local' ? TRANSIENT_LOCAL : VOLATILE,
    );
  }

  attachNode(fullyQualifiedName: string): NodeTransport {
    const slash = fullyQualifiedName.lastIndexOf('/');
    const options = new this.rcl.NodeOptions();
    options.startParameterServices = false;
    const node = new this.rcl.Node(
      fullyQualifiedName.slice(slash + 1),
      fullyQualifiedName.slice(0, slash) || '/',
      undefined,
      options,
    );
    this.rcl.spin(node);
    this.#nodes.set(fullyQualifiedName, node);
    const clients = new Map<string, ReturnType<RclNode['createClient']>>();
    const client = (name: string, type: string) => {
      let existing = clients.get(name);
      if (!existing) clients.set(name, (existing = node.createClient(type, name)));
      return existing;
    };
    return {
      advertise: (topic, type, qos) => {
        const publisher = node.createPublisher(type, topic, { qos: this.#qos(qos) });
        return {
          publish: (message) => publisher.publish(message),
          subscriptionCount: () => node.countSubscribers(topic),
          destroy: () => node.destroyPublisher(publisher as never),
        };
      },
      subscribe: (topic, type, qos, deliver) => {
        const subscription = node.createSubscription(type, topic, { qos: this.#qos(qos) }, deliver);
        return { destroy: () => node.destroySubscription(subscription as never) };
      },
      advertiseService: (name, type, handler) => {
        const service = node.createService(type, name, (request, response) => {
          handler(request).then(
            (result) => response.send(result),
            () => response.send(response.template), // the failure is logged by the node; ROS 2 services cannot carry errors
          );
        });
        return { destroy: () => node.destroyService(service as never) };
      },
      callService: (name, type, request) => client(name, type).sendRequestAsync(request),
      serviceAvailable: (name, type) => client(name, type).isServiceServerAvailable(),
      destroy: () => {
        node.destroy();
        this.#nodes.delete(fullyQualifiedName);
      },
    };
  }

  graph(): GraphSnapshot {
    const node = this.#nodes.values().next().value as RclNode | undefined;
    if (!node) return { nodes: [], publishers: [], subscriptions: [], services: [] };
    const unknownQos: QoSProfile = { depth: 0, reliability: 'reliable', durability: 'volatile' };
    return {
      nodes: node
        .getNodeNamesAndNamespaces()
        .map(({ name, namespace }) => (namespace === '/' ? `/${name}` : `${namespace}/${name}`)),
      publishers: node
        .getTopicNamesAndTypes()
        .flatMap(({ name, types }) =>
          types.map((type) => ({ topic: name, type, node: '', qos: unknownQos })),
        ),
      subscriptions: [],
      services: node
        .getServiceNamesAndTypes()
        .flatMap(({ name, types }) => types.map((type) => ({ name, type, node: '' }))),
    };
  }

  onGraphChange(listener: () => void): void {
    this.#graphListeners.push(listener);
  }

  async close(): Promise<void> {
    for (const node of this.#nodes.values()) node.destroy();
    this.#nodes.clear();
    this.rcl.shutdown();
  }
}
