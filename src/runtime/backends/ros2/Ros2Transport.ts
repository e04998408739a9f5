/**
 * The `ros2` backend: katazuke nodes as real ROS 2 nodes through rclnodejs, one rcl context
 * (and so one DDS participant) per katazuke Context, with that context's own arguments and
 * shutdown. Every subscriber gets a message once. While no subscriber outside the context
 * listens, it goes in-process and zero-copy through a LocalBus (as rclcpp's intra-process
 * communication does); when one does, over DDS, which also brings it to the context's own
 * subscriptions. A latched message goes both ways, so the context's own subscribers get it at
 * once and in order with everything else (a pose on /initialpose before the first scan) and
 * late joiners elsewhere get it from DDS; its DDS copy is recognised by its bytes and dropped
 * (Humble's rmw_cyclonedds reports no publisher GID to tell a context's own messages by). On DDS,
 * messages travel as the CDR katazuke's registry writes and reads (rclnodejs' raw mode), the
 * codec the hub and bags use, so subscribers get the same typed arrays and bigints on every
 * backend (a 640x480 image: 2.1 ms to write, 0.01 ms to read; rclnodejs' own conversion
 * 1.5 ms and 0.1 ms).
 * Parameters, lifecycle, tf and /rosout stay katazuke's own, on ROS 2's names; actions are
 * rcl_action's (rclActions.ts).
 */
import { LocalBus, type QosWarning } from '../local/LocalBus.ts';
import { messageRegistry } from '../../messages/MessageRegistry.ts';
import type { QoSProfile } from '../../Qos.ts';
import type { GraphSnapshot, NodeTransport, Transport } from '../../Transport.ts';
import {
  loadRclnodejs,
  RMW,
  type RclContext,
  type RclnodejsModule,
  type RclNode,
  type RclQoS,
} from './rclnodejsApi.ts';
import { rclActions } from './rclActions.ts';
import { readGraph, watchGraph } from './ros2Graph.ts';

/** rclnodejs puts each node's parameter-event publisher on the relative `parameter_events`; ROS 2's is global. */
const NODE_ARGUMENTS = ['--ros-args', '-r', 'parameter_events:=/parameter_events'];

export class Ros2Transport implements Transport {
  readonly kind = 'ros2' as const;
  readonly #bus: LocalBus;
  readonly #registry = messageRegistry();
  readonly #nodes = new Map<string, RclNode>();
  /** DDS subscriptions this context holds per topic: the part of rcl's count that is not someone else. */
  readonly #ddsSubscriptions = new Map<string, number>();
  /** Per topic, what each of the context's latched publishers last sent over DDS (its depth of them). */
  readonly #latchedSent = new Map<string, Set<Buffer[]>>();
  readonly #graphListeners: Array<() => void> = [];
  #stopWatching: (() => void) | undefined;

  private constructor(
    private readonly rcl: RclnodejsModule,
    private readonly context: RclContext,
    private readonly warn: QosWarning,
  ) {
    this.#bus = new LocalBus(warn);
  }

  static async create(argv: readonly string[], warn: QosWarning): Promise<Ros2Transport> {
    const rcl = await loadRclnodejs();
    // katazuke's CLI handles Ctrl-C and shuts every context down in order; rclnodejs' own
    // handler would tear the contexts down underneath it.
    rcl.removeSignalHandlers();
    const context = new rcl.Context();
    await rcl.init(context, [...argv]);
    return new Ros2Transport(rcl, context, warn);
  }

  #qos(qos: QoSProfile): RclQoS {
    return new this.rcl.QoS(
      RMW.KEEP_LAST,
      qos.depth,
      qos.reliability === 'reliable' ? RMW.RELIABLE : RMW.BEST_EFFORT,
      qos.durability === 'transient_local' ? RMW.TRANSIENT_LOCAL : RMW.VOLATILE,
    );
  }

  #externalSubscribers(node: RclNode, topic: string): number {
    return node.countSubscribers(topic) - (this.#ddsSubscriptions.get(topic) ?? 0);
  }

  #countDdsSubscription(topic: string, change: 1 | -1): void {
    this.#ddsSubscriptions.set(topic, (this.#ddsSubscriptions.get(topic) ?? 0) + change);
  }

  attachNode(fullyQualifiedName: string): NodeTransport {
    this.#bus.addNode(fullyQualifiedName);
    const slash = fullyQualifiedName.lastIndexOf('/');
    const options = new this.rcl.NodeOptions();
    options.startParameterServices = false;
    // katazuke publishes /rosout itself on every backend; rclnodejs' own registration would be a second one.
    options.enableRosout = false;
    const node = new this.rcl.Node(
      fullyQualifiedName.slice(slash + 1),
      fullyQualifiedName.slice(0, slash) || '/',
      this.context,
      options,
      NODE_ARGUMENTS,
      false, // katazuke resolves names and remaps itself
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
        const local = this.#bus.advertise(fullyQualifiedName, topic, type, qos);
        const dds = node.createPublisher(type, topic, { qos: this.#qos(qos) });
        const serializer = this.#registry.serializer(type);
        const latched = qos.durability === 'transient_local';
        const sent: Buffer[] = [];
        if (latched) this.#latchedSent.set(topic, (this.#latchedSent.get(topic) ?? new Set()).add(sent));
        const publishOnDds = (message: unknown) => {
          const bytes = serializer.write(message);
          const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
          if (latched) {
            sent.push(buffer);
            if (sent.length > qos.depth) sent.shift();
          }
          dds.publish(buffer);
        };
        return {
          publish: (message) => {
            if (latched) {
              local.publish(message);
              publishOnDds(message);
            } else if (this.#externalSubscribers(node, topic) > 0) publishOnDds(message);
            else local.publish(message);
          },
          subscriptionCount: () =>
            local.subscriptionCount() + Math.max(0, this.#externalSubscribers(node, topic)),
          destroy: () => {
            local.destroy();
            node.destroyPublisher(dds as never);
            this.#latchedSent.get(topic)?.delete(sent);
          },
        };
      },
      subscribe: (topic, type, qos, deliver) => {
        const local = this.#bus.subscribe(fullyQualifiedName, topic, type, qos, deliver);
        const serializer = this.#registry.serializer(type);
        const dds = node.createSubscription(type, topic, { qos: this.#qos(qos), isRaw: true }, (bytes) => {
          if (this.#sentLatched(topic, bytes as Buffer)) return;
          let message: unknown;
          try {
            message = serializer.read(bytes as Uint8Array);
          } catch (error) {
            this.warn(`dropping a malformed ${type} message on '${topic}': ${(error as Error).message}`);
            return;
          }
          deliver(message);
        });
        this.#countDdsSubscription(topic, 1);
        return {
          destroy: () => {
            local.destroy();
            node.destroySubscription(dds as never);
            this.#countDdsSubscription(topic, -1);
          },
        };
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
      actions: rclActions(this.rcl, node),
      destroy: () => {
        node.destroy();
        this.#nodes.delete(fullyQualifiedName);
        this.#bus.removeNode(fullyQualifiedName);
      },
    };
  }

  /** Whether a message is one of the context's own latched ones coming back over DDS (delivered in-process already). */
  #sentLatched(topic: string, bytes: Buffer): boolean {
    const publishers = this.#latchedSent.get(topic);
    if (!publishers) return false;
    for (const sent of publishers) if (sent.some((own) => own.equals(bytes))) return true;
    return false;
  }

  #anyNode(): RclNode | undefined {
    return this.#nodes.values().next().value;
  }

  graph(): GraphSnapshot {
    const node = this.#anyNode();
    return node ? readGraph(node) : { nodes: [], publishers: [], subscriptions: [], services: [] };
  }

  onGraphChange(listener: () => void): void {
    this.#graphListeners.push(listener);
    this.#stopWatching ??= watchGraph(
      () => (this.#anyNode() ? this.graph() : undefined),
      () => {
        for (const notify of this.#graphListeners) notify();
      },
    );
  }

  async close(): Promise<void> {
    this.#stopWatching?.();
    for (const node of this.#nodes.values()) node.destroy();
    this.#nodes.clear();
    this.context.shutdown();
  }
}
