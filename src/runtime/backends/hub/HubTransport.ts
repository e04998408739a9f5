/**
 * The backend of an isolated node process: nodes in this process meet on a `LocalBus`
 * (zero-copy), and the launcher's hub links the processes. A message is serialized to CDR
 * only when another process subscribes to its topic (or it must be kept for late joiners);
 * arriving frames are deserialized and handed to local subscriptions. A frame that fails to
 * decode is logged and dropped; the process keeps running.
 */
import { connect, type Socket } from 'node:net';
import { messageRegistry } from '../../messages/MessageRegistry.ts';
import { qosIncompatibility } from '../../Qos.ts';
import type { GraphSnapshot, NodeTransport, Transport } from '../../Transport.ts';
import { LocalBus, type QosWarning } from '../local/LocalBus.ts';
import {
  FrameKind,
  FrameReader,
  readCall,
  readData,
  writeCall,
  writeControl,
  writeData,
  type Frame,
} from './framing.ts';
import type { CallHeader, ClientControl, HubControl, HubGraph } from './protocol.ts';

export class HubTransport implements Transport {
  readonly kind = 'hub' as const;
  readonly bus: LocalBus;
  readonly #socket: Socket;
  readonly #registry = messageRegistry();
  readonly #topics = new Map<number, { topic: string; type: string }>();
  readonly #pendingCalls = new Map<
    number,
    { type: string; resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  readonly #graphListeners: Array<() => void> = [];
  #clientId = 0;
  #remote: HubGraph = { nodes: [], publishers: [], subscriptions: [], services: [] };
  #nextId = 1;
  #closed = false;
  readonly #disconnectListeners: Array<() => void> = [];

  private constructor(
    socket: Socket,
    private readonly warn: QosWarning,
  ) {
    this.#socket = socket;
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
    const transport = new HubTransport(socket, warn);
    socket.on('close', () => {
      for (const pending of transport.#pendingCalls.values())
        pending.reject(new Error('the hub connection closed'));
      transport.#pendingCalls.clear();
      if (!transport.#closed) for (const listener of transport.#disconnectListeners) listener();
    });
    transport.#send({ op: 'hello', pid: process.pid });
    return transport;
  }

  /** Called when the hub goes away (the launcher stopped) without `close()` being called. */
  onDisconnect(listener: () => void): void {
    this.#disconnectListeners.push(listener);
  }

  #send(message: ClientControl): void {
    if (!this.#socket.destroyed) writeControl(this.#socket, message);
  }

  #graphChanged(): void {
    for (const listener of this.#graphListeners) listener();
  }

  onGraphChange(listener: () => void): void {
    this.#graphListeners.push(listener);
  }

  #remoteSubscribers(topic: string, qos: Parameters<typeof qosIncompatibility>[0]): number {
    let count = 0;
    for (const s of this.#remote.subscriptions) {
      if (s.client !== this.#clientId && s.topic === topic && !qosIncompatibility(qos, s.qos)) count++;
    }
    return count;
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
        const handle = {
          publish: (message: unknown) => {
            local.publish(message);
            if (qos.durability === 'transient_local' || this.#remoteSubscribers(topic, qos) > 0)
              writeData(this.#socket, id, serializer.write(message));
          },
          subscriptionCount: () => local.subscriptionCount() + this.#remoteSubscribers(topic, qos),
          destroy: () => {
            local.destroy();
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
      case FrameKind.DATA: {
        const { id, payload } = readData(frame.body);
        const topic = this.#topics.get(id);
        if (!topic) return;
        let message: unknown;
        try {
          message = this.#registry.serializer(topic.type).read(payload);
        } catch (error) {
          this.warn(
            `dropping a malformed ${topic.type} message on '${topic.topic}': ${(error as Error).message}`,
          );
          return;
        }
        this.bus.deliverFromRemote(topic.topic, message);
        return;
      }
      case FrameKind.CALL:
        this.#onCall(frame.body);
        return;
      default:
        this.warn(`ignoring a hub frame of unknown kind ${String(frame.kind)}`);
    }
  }

  #onControl(message: HubControl): void {
    switch (message.op) {
      case 'welcome':
        this.#clientId = message.client;
        return;
      case 'topic':
        this.#topics.set(message.topicId, { topic: message.topic, type: message.type });
        return;
      case 'graph':
        this.#remote = message.graph;
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
    const strip = <T extends { client: number }>({ client: _client, ...rest }: T) => rest;
    return {
      nodes: [...new Set([...local.nodes, ...others(remote.nodes).map((n) => n.name)])].sort(),
      publishers: [...local.publishers, ...others(remote.publishers).map(strip)],
      subscriptions: [...local.subscriptions, ...others(remote.subscriptions).map(strip)],
      services: [...local.services, ...others(remote.services).map(strip)],
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await new Promise<void>((resolve) => {
      if (this.#socket.destroyed) return resolve();
      this.#socket.end(() => resolve());
      setTimeout(resolve, 200).unref();
    });
    this.#socket.destroy();
  }
}
