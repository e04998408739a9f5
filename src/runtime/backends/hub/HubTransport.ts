/**
 * The backend of an isolated node process: nodes in this process meet on a `LocalBus`
 * (zero-copy); the launcher's hub tells each process which others subscribe to what, and
 * messages go directly to those processes (`DataPlane`) as ROS 2 CDR. A message is serialized
 * only when another process subscribes to its topic (or it must be kept for late joiners). A
 * frame that fails to decode is logged and dropped; the process keeps running.
 */
import { connect, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { messageRegistry } from '../../messages/MessageRegistry.ts';
import { qosIncompatibility, type QoSProfile } from '../../Qos.ts';
import type { GraphSnapshot, NodeTransport, Transport } from '../../Transport.ts';
import { LocalBus, type QosWarning } from '../local/LocalBus.ts';
import { DataPlane } from './DataPlane.ts';
import { FrameKind, FrameReader, readCall, writeCall, writeControl, type Frame } from './framing.ts';
import type { CallHeader, ClientControl, HubControl, HubGraph } from './protocol.ts';

interface RemoteTarget {
  readonly client: number;
  /** `client:subscription` keys of the matching remote subscriptions there. */
  readonly subscriptions: string[];
}

/** A publisher of this process as the data plane sees it. */
interface RemotePublisher {
  readonly topic: string;
  readonly type: string;
  readonly qos: QoSProfile;
  /** Serialized recent messages, kept for transient-local late joiners in other processes. */
  readonly history: Uint8Array[];
  /** Remote subscriptions that already got this publisher's messages. */
  readonly served: Set<string>;
  targets: RemoteTarget[] | undefined;
}

let dataPlaneCount = 0;

export class HubTransport implements Transport {
  readonly kind = 'hub' as const;
  readonly bus: LocalBus;
  readonly #socket: Socket;
  readonly #plane: DataPlane;
  readonly #registry = messageRegistry();
  readonly #publishers = new Set<RemotePublisher>();
  readonly #pendingCalls = new Map<
    number,
    { type: string; resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  readonly #graphListeners: Array<() => void> = [];
  readonly #disconnectListeners: Array<() => void> = [];
  #clientId = 0;
  #remote: HubGraph = { clients: [], nodes: [], publishers: [], subscriptions: [], services: [] };
  #nextId = 1;
  #closed = false;

  private constructor(
    socket: Socket,
    plane: DataPlane,
    private readonly warn: QosWarning,
  ) {
    this.#socket = socket;
    this.#plane = plane;
    this.bus = new LocalBus(warn);
    this.bus.onGraphChange(() => this.#graphChanged());
    const reader = new FrameReader((frame) => this.#onFrame(frame));
    socket.on('data', (chunk) => {
      try {
        reader.push(chunk);
      } catch (error) {
        warn(`hub connection broken: ${(error as Error).message}`);
        socket.destroy();
      }
    });
    socket.on('close', () => {
      for (const pending of this.#pendingCalls.values())
        pending.reject(new Error('the hub connection closed'));
      this.#pendingCalls.clear();
      if (!this.#closed) for (const listener of this.#disconnectListeners) listener();
    });
  }

  static async connect(address: string, warn: QosWarning = () => {}): Promise<HubTransport> {
    const socket = connect(address);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', (error) =>
        reject(new Error(`cannot reach the launcher's hub at '${address}': ${error.message}`)),
      );
    });
    socket.setNoDelay?.(true);
    const receiver: { transport?: HubTransport } = {};
    const dataAddress = join(dirname(address), `data-${process.pid}-${dataPlaneCount++}.sock`);
    const plane = await DataPlane.listen(dataAddress, {
      message: (topic, type, payload) => receiver.transport?.receive(topic, type, payload),
      subscriberConnected: () => receiver.transport?.serveLateJoiners(),
      warn,
    });
    const transport = new HubTransport(socket, plane, warn);
    receiver.transport = transport;
    transport.#send({ op: 'hello', pid: process.pid, dataAddress });
    return transport;
  }

  /** The socket this process receives messages on. */
  get dataAddress(): string {
    return this.#plane.address;
  }

  /** Called when the hub goes away (the launcher stopped) without `close()` being called. */
  onDisconnect(listener: () => void): void {
    this.#disconnectListeners.push(listener);
  }

  onGraphChange(listener: () => void): void {
    this.#graphListeners.push(listener);
  }

  #send(message: ClientControl): void {
    if (!this.#socket.destroyed) writeControl(this.#socket, message);
  }

  #graphChanged(): void {
    for (const listener of this.#graphListeners) listener();
  }

  /** @internal Delivers a message that arrived on the data plane. */
  receive(topic: string, type: string, payload: Buffer): void {
    let message: unknown;
    try {
      message = this.#registry.serializer(type).read(payload);
    } catch (error) {
      this.warn(`dropping a malformed ${type} message on '${topic}': ${(error as Error).message}`);
      return;
    }
    this.bus.deliverFromRemote(topic, message);
  }

  /** Where a publisher's messages must go: processes with matching subscriptions. */
  #targets(publisher: RemotePublisher): RemoteTarget[] {
    if (publisher.targets) return publisher.targets;
    const byClient = new Map<number, string[]>();
    for (const s of this.#remote.subscriptions) {
      if (
        s.client === this.#clientId ||
        s.topic !== publisher.topic ||
        qosIncompatibility(publisher.qos, s.qos)
      )
        continue;
      byClient.set(s.client, [...(byClient.get(s.client) ?? []), `${s.client}:${s.id}`]);
    }
    const targets = [...byClient].map(([client, subscriptions]) => ({ client, subscriptions }));
    publisher.targets = targets;
    return targets;
  }

  /** Connects to every other process that publishes a topic this process subscribes to. */
  #connectToPublishers(): void {
    const subscribed = new Set(this.bus.graph().subscriptions.map((s) => s.topic));
    const clients = new Set(
      this.#remote.publishers
        .filter((p) => p.client !== this.#clientId && subscribed.has(p.topic))
        .map((p) => p.client),
    );
    for (const client of this.#remote.clients) {
      if (clients.has(client.id)) this.#plane.connectToPublisher(client.dataAddress, this.#clientId);
    }
  }

  /** @internal Hands the history of latched publishers to transient-local subscriptions that are new. */
  serveLateJoiners(): void {
    for (const publisher of this.#publishers) {
      if (publisher.qos.durability !== 'transient_local' || publisher.history.length === 0) continue;
      for (const s of this.#remote.subscriptions) {
        const key = `${s.client}:${s.id}`;
        if (s.client === this.#clientId || s.topic !== publisher.topic || publisher.served.has(key)) continue;
        if (
          s.qos.durability !== 'transient_local' ||
          qosIncompatibility(publisher.qos, s.qos) ||
          !this.#plane.isConnected(s.client)
        )
          continue;
        publisher.served.add(key);
        for (const payload of publisher.history.slice(-s.qos.depth))
          this.#plane.send(s.client, publisher.topic, publisher.type, payload, publisher.qos.reliability);
      }
    }
  }

  attachNode(name: string): NodeTransport {
    const bus = this.bus;
    bus.addNode(name);
    this.#send({ op: 'addNode', name });
    const handles: Array<{ destroy(): void }> = [];
    return {
      advertise: (topic, type, qos) => {
        const local = bus.advertise(name, topic, type, qos);
        const id = this.#nextId++;
        this.#send({ op: 'advertise', id, topic, type, node: name, qos });
        const serializer = this.#registry.serializer(type);
        const remote: RemotePublisher = {
          topic,
          type,
          qos,
          history: [],
          served: new Set(),
          targets: undefined,
        };
        this.#publishers.add(remote);
        const handle = {
          publish: (message: unknown) => {
            local.publish(message);
            const targets = this.#targets(remote);
            if (targets.length === 0 && qos.durability !== 'transient_local') return;
            const payload = serializer.write(message);
            if (qos.durability === 'transient_local') {
              remote.history.push(payload);
              if (remote.history.length > qos.depth) remote.history.shift();
            }
            for (const target of targets) {
              if (!this.#plane.send(target.client, topic, type, payload, qos.reliability)) continue;
              for (const key of target.subscriptions) remote.served.add(key);
            }
          },
          // A remote subscription counts as matched once its process' data connection is up: before, a message would not reach it.
          subscriptionCount: () =>
            local.subscriptionCount() +
            this.#targets(remote).reduce(
              (n, t) => n + (this.#plane.isConnected(t.client) ? t.subscriptions.length : 0),
              0,
            ),
          destroy: () => {
            local.destroy();
            this.#publishers.delete(remote);
            this.#send({ op: 'unadvertise', id });
          },
        };
        handles.push(handle);
        return handle;
      },
      subscribe: (topic, type, qos, deliver) => {
        const local = bus.subscribe(name, topic, type, qos, deliver);
        const id = this.#nextId++;
        this.#send({ op: 'subscribe', id, topic, type, node: name, qos });
        this.#connectToPublishers();
        const handle = {
          destroy: () => {
            local.destroy();
            this.#send({ op: 'unsubscribe', id });
          },
        };
        handles.push(handle);
        return handle;
      },
      advertiseService: (service, type, handler) => {
        const local = bus.advertiseService(name, service, type, handler);
        this.#send({ op: 'advertiseService', name: service, type, node: name });
        const handle = {
          destroy: () => {
            local.destroy();
            this.#send({ op: 'unadvertiseService', name: service });
          },
        };
        handles.push(handle);
        return handle;
      },
      callService: (service, type, request) => {
        if (bus.service(service)) return bus.callService(service, type, request);
        const callId = this.#nextId++;
        return new Promise((resolve, reject) => {
          this.#pendingCalls.set(callId, { type, resolve, reject });
          writeCall(
            this.#socket,
            { callId, service, type },
            this.#registry.serializer(`${type}_Request`).write(request),
          );
        });
      },
      serviceAvailable: (service) =>
        bus.service(service) !== undefined ||
        this.#remote.services.some((s) => s.name === service && s.client !== this.#clientId),
      destroy: () => {
        for (const handle of handles.splice(0)) handle.destroy();
        bus.removeNode(name);
        this.#send({ op: 'removeNode', name });
      },
    };
  }

  #onFrame(frame: Frame): void {
    switch (frame.kind) {
      case FrameKind.CONTROL:
        this.#onControl(JSON.parse(frame.body.toString('utf8')) as HubControl);
        return;
      case FrameKind.CALL:
        this.#onCall(frame.body);
        return;
      default:
        this.warn(`ignoring a hub frame of unexpected kind ${String(frame.kind)}`);
    }
  }

  #onControl(message: HubControl): void {
    switch (message.op) {
      case 'welcome':
        this.#clientId = message.client;
        return;
      case 'graph':
        this.#remote = message.graph;
        for (const publisher of this.#publishers) publisher.targets = undefined;
        this.#plane.retainPublishers(new Set(message.graph.clients.map((c) => c.dataAddress)));
        this.#connectToPublishers();
        this.serveLateJoiners();
        this.#graphChanged();
        return;
    }
  }

  #onCall(body: Buffer): void {
    const { header, payload } = readCall<CallHeader>(body);
    if (header.service === undefined) {
      const pending = this.#pendingCalls.get(header.callId);
      if (!pending) return;
      this.#pendingCalls.delete(header.callId);
      if (header.error) pending.reject(new Error(header.error));
      else {
        try {
          pending.resolve(this.#registry.serializer(`${pending.type}_Response`).read(payload));
        } catch (error) {
          pending.reject(new Error(`malformed ${pending.type} response: ${(error as Error).message}`));
        }
      }
      return;
    }
    const reply = (error: string | undefined, response: Uint8Array) =>
      writeCall(this.#socket, { callId: header.callId, ...(error ? { error } : {}) }, response);
    const type = header.type ?? '';
    let request: unknown;
    try {
      request = this.#registry.serializer(`${type}_Request`).read(payload);
    } catch (error) {
      reply(`malformed ${type} request: ${(error as Error).message}`, new Uint8Array(0));
      return;
    }
    this.bus.callService(header.service, type, request).then(
      (response) => reply(undefined, this.#registry.serializer(`${type}_Response`).write(response)),
      (error: unknown) => reply(error instanceof Error ? error.message : String(error), new Uint8Array(0)),
    );
  }

  graph(): GraphSnapshot {
    const local = this.bus.graph();
    const remote = this.#remote;
    const others = <T extends { client: number }>(list: T[]) =>
      list.filter((e) => e.client !== this.#clientId);
    return {
      nodes: [...new Set([...local.nodes, ...others(remote.nodes).map((n) => n.name)])].sort(),
      publishers: [
        ...local.publishers,
        ...others(remote.publishers).map(({ topic, type, node, qos }) => ({ topic, type, node, qos })),
      ],
      subscriptions: [
        ...local.subscriptions,
        ...others(remote.subscriptions).map(({ topic, type, node, qos }) => ({ topic, type, node, qos })),
      ],
      services: [
        ...local.services,
        ...others(remote.services).map(({ name, type, node }) => ({ name, type, node })),
      ],
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#plane.close();
    await new Promise<void>((resolve) => {
      if (this.#socket.destroyed) return resolve();
      this.#socket.end(() => resolve());
      setTimeout(resolve, 200).unref();
    });
    this.#socket.destroy();
  }
}
