/**
 * The in-process bus: topics, services and the graph of one process. Delivery is zero-copy
 * (subscribers receive the publisher's object, typed-array payloads included), so a 640x480
 * image costs what a small message costs. Subscribers must treat messages as read-only.
 *
 * QoS: incompatible endpoints (see `qosIncompatibility`) do not match; a transient-local
 * publisher keeps its last `depth` messages and hands them to transient-local late joiners.
 */
import { qosIncompatibility, type QoSProfile } from '../../Qos.ts';
import type {
  GraphSnapshot,
  Handle,
  NodeTransport,
  PublisherHandle,
  ServiceHandler,
  TopicEndpoint,
  Transport,
} from '../../Transport.ts';

interface LocalPublisher extends TopicEndpoint {
  readonly history: unknown[];
}

interface LocalSubscription extends TopicEndpoint {
  readonly deliver: (message: unknown) => void;
}

interface TopicState {
  readonly publishers: Set<LocalPublisher>;
  readonly subscriptions: Set<LocalSubscription>;
}

interface ServiceEntry {
  readonly type: string;
  readonly node: string;
  readonly handler: ServiceHandler;
}

export type QosWarning = (message: string) => void;

export class LocalBus {
  readonly #topics = new Map<string, TopicState>();
  readonly #services = new Map<string, ServiceEntry>();
  readonly #nodes = new Set<string>();
  readonly #graphListeners: Array<() => void> = [];

  constructor(private readonly warn: QosWarning = () => {}) {}

  onGraphChange(listener: () => void): void {
    this.#graphListeners.push(listener);
  }

  #graphChanged(): void {
    for (const listener of this.#graphListeners) listener();
  }

  #topic(name: string, type: string, role: string): TopicState {
    let state = this.#topics.get(name);
    if (!state) {
      state = { publishers: new Set(), subscriptions: new Set() };
      this.#topics.set(name, state);
    }
    const existing = [...state.publishers, ...state.subscriptions][0];
    if (existing && existing.type !== type)
      throw new Error(
        `cannot create ${role} of type ${type} on topic '${name}': it already carries ${existing.type}`,
      );
    return state;
  }

  addNode(name: string): void {
    if (this.#nodes.has(name)) throw new Error(`a node named '${name}' already exists in this process`);
    this.#nodes.add(name);
    this.#graphChanged();
  }

  removeNode(name: string): void {
    this.#nodes.delete(name);
    this.#graphChanged();
  }

  advertise(node: string, topic: string, type: string, qos: QoSProfile): PublisherHandle {
    const state = this.#topic(topic, type, 'a publisher');
    const publisher: LocalPublisher = { topic, type, node, qos, history: [] };
    state.publishers.add(publisher);
    for (const subscription of state.subscriptions) this.#warnIfIncompatible(publisher, subscription);
    this.#graphChanged();
    return {
      publish: (message) => {
        if (publisher.qos.durability === 'transient_local') {
          publisher.history.push(message);
          if (publisher.history.length > publisher.qos.depth) publisher.history.shift();
        }
        for (const subscription of state.subscriptions) {
          if (qosIncompatibility(publisher.qos, subscription.qos) === undefined)
            subscription.deliver(message);
        }
      },
      subscriptionCount: () => {
        let count = 0;
        for (const subscription of state.subscriptions) {
          if (qosIncompatibility(publisher.qos, subscription.qos) === undefined) count++;
        }
        return count;
      },
      destroy: () => {
        state.publishers.delete(publisher);
        this.#graphChanged();
      },
    };
  }

  subscribe(
    node: string,
    topic: string,
    type: string,
    qos: QoSProfile,
    deliver: (message: unknown) => void,
  ): Handle {
    const state = this.#topic(topic, type, 'a subscription');
    const subscription: LocalSubscription = { topic, type, node, qos, deliver };
    state.subscriptions.add(subscription);
    for (const publisher of state.publishers) {
      this.#warnIfIncompatible(publisher, subscription);
      if (qos.durability !== 'transient_local' || qosIncompatibility(publisher.qos, qos) !== undefined)
        continue;
      for (const message of publisher.history.slice(-qos.depth)) deliver(message);
    }
    this.#graphChanged();
    return {
      destroy: () => {
        state.subscriptions.delete(subscription);
        this.#graphChanged();
      },
    };
  }

  /** Delivers a message that arrived from another process to this process' subscriptions. */
  deliverFromRemote(topic: string, message: unknown): void {
    const state = this.#topics.get(topic);
    if (!state) return;
    for (const subscription of state.subscriptions) subscription.deliver(message);
  }

  topicType(topic: string): string | undefined {
    const state = this.#topics.get(topic);
    return state ? [...state.publishers, ...state.subscriptions][0]?.type : undefined;
  }

  advertiseService(node: string, name: string, type: string, handler: ServiceHandler): Handle {
    const existing = this.#services.get(name);
    if (existing) throw new Error(`service '${name}' is already provided by node '${existing.node}'`);
    const entry = { type, node, handler };
    this.#services.set(name, entry);
    this.#graphChanged();
    return {
      destroy: () => {
        if (this.#services.get(name) === entry) this.#services.delete(name);
        this.#graphChanged();
      },
    };
  }

  service(name: string): ServiceEntry | undefined {
    return this.#services.get(name);
  }

  callService(name: string, type: string, request: unknown): Promise<unknown> {
    const entry = this.#services.get(name);
    if (!entry) return Promise.reject(new Error(`service '${name}' is not available`));
    if (entry.type !== type)
      return Promise.reject(
        new Error(`service '${name}' has type ${entry.type}, but the client uses ${type}`),
      );
    return entry.handler(request);
  }

  graph(): GraphSnapshot {
    const publishers: TopicEndpoint[] = [];
    const subscriptions: TopicEndpoint[] = [];
    for (const state of this.#topics.values()) {
      for (const { topic, type, node, qos } of state.publishers) publishers.push({ topic, type, node, qos });
      for (const { topic, type, node, qos } of state.subscriptions)
        subscriptions.push({ topic, type, node, qos });
    }
    const services = [...this.#services].map(([name, { type, node }]) => ({ name, type, node }));
    return { nodes: [...this.#nodes].sort(), publishers, subscriptions, services };
  }

  #warnIfIncompatible(publisher: TopicEndpoint, subscription: TopicEndpoint): void {
    const reason = qosIncompatibility(publisher.qos, subscription.qos);
    if (reason)
      this.warn(
        `incompatible QoS on '${publisher.topic}' between publisher of ${publisher.node} and subscription of ${subscription.node}: ${reason}; they will not communicate`,
      );
  }
}

/** The default backend: every node of the process on one `LocalBus`. */
export class LocalTransport implements Transport {
  readonly kind: 'local' | 'hub' = 'local';
  readonly bus: LocalBus;

  constructor(warn?: QosWarning) {
    this.bus = new LocalBus(warn);
  }

  attachNode(name: string): NodeTransport {
    const bus = this.bus;
    bus.addNode(name);
    return {
      advertise: (topic, type, qos) => bus.advertise(name, topic, type, qos),
      subscribe: (topic, type, qos, deliver) => bus.subscribe(name, topic, type, qos, deliver),
      advertiseService: (service, type, handler) => bus.advertiseService(name, service, type, handler),
      callService: (service, type, request) => bus.callService(service, type, request),
      serviceAvailable: (service) => bus.service(service) !== undefined,
      destroy: () => bus.removeNode(name),
    };
  }

  graph(): GraphSnapshot {
    return this.bus.graph();
  }

  onGraphChange(listener: () => void): void {
    this.bus.onGraphChange(listener);
  }

  async close(): Promise<void> {}
}
