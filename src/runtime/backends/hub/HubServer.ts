/**
 * The hub a launcher hosts so that isolated node processes talk without ROS 2: a Unix
 * socket server that keeps the graph, routes CDR message frames from publishers to the
 * processes with matching subscriptions (forwarding the payload bytes untouched), replays the
 * history of transient-local publishers to late joiners, and relays service calls.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { qosIncompatibility, type QoSProfile } from '../../Qos.ts';
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

interface Endpoint {
  readonly client: Peer;
  readonly id: number;
  readonly topic: string;
  readonly type: string;
  readonly node: string;
  readonly qos: QoSProfile;
  readonly history: Buffer[];
}

interface Peer {
  readonly id: number;
  readonly socket: Socket;
  readonly nodes: Set<string>;
  readonly publishers: Map<number, Endpoint>;
  readonly subscriptions: Map<number, Endpoint>;
  readonly services: Map<string, { type: string; node: string }>;
  /** Topic ids this peer has been told about. */
  readonly knownTopics: Set<number>;
}

/** Bytes queued on a socket beyond which best-effort frames are dropped rather than buffered. */
const BEST_EFFORT_BACKLOG_BYTES = 64 << 20;

export class HubServer {
  readonly #server: Server;
  readonly #peers = new Map<number, Peer>();
  readonly #topicIds = new Map<string, number>();
  readonly #pendingCalls = new Map<number, { caller: Peer; callId: number }>();
  #nextPeer = 1;
  #nextCall = 1;
  #graphScheduled = false;

  private constructor(readonly address: string) {
    this.#server = createServer((socket) => this.#accept(socket));
  }

  static async listen(address: string): Promise<HubServer> {
    rmSync(address, { force: true });
    const hub = new HubServer(address);
    await new Promise<void>((resolve, reject) => {
      hub.#server.once('error', reject);
      hub.#server.listen(address, () => resolve());
    });
    return hub;
  }

  get clientCount(): number {
    return this.#peers.size;
  }

  async close(): Promise<void> {
    for (const peer of this.#peers.values()) peer.socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    rmSync(this.address, { force: true });
  }

  #accept(socket: Socket): void {
    const peer: Peer = {
      id: this.#nextPeer++,
      socket,
      nodes: new Set(),
      publishers: new Map(),
      subscriptions: new Map(),
      services: new Map(),
      knownTopics: new Set(),
    };
    this.#peers.set(peer.id, peer);
    socket.setNoDelay?.(true);
    const reader = new FrameReader((frame) => this.#onFrame(peer, frame));
    socket.on('data', (chunk) => {
      try {
        reader.push(chunk);
      } catch (error) {
        process.stderr.write(`[WARN] [hub]: dropping client ${peer.id}: ${(error as Error).message}\n`);
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.#peers.delete(peer.id);
      for (const [hubCallId, pending] of this.#pendingCalls) {
        if (pending.caller === peer) this.#pendingCalls.delete(hubCallId);
      }
      this.#scheduleGraph();
    });
    writeControl(socket, { op: 'welcome', client: peer.id } satisfies HubControl);
  }

  #topicId(topic: string): number {
    let id = this.#topicIds.get(topic);
    if (id === undefined) {
      id = this.#topicIds.size + 1;
      this.#topicIds.set(topic, id);
    }
    return id;
  }

  #onFrame(peer: Peer, frame: Frame): void {
    switch (frame.kind) {
      case FrameKind.CONTROL:
        this.#onControl(peer, JSON.parse(frame.body.toString('utf8')) as ClientControl);
        return;
      case FrameKind.DATA:
        this.#onData(peer, frame.body);
        return;
      case FrameKind.CALL:
        this.#onCall(peer, frame.body);
        return;
      default:
        throw new Error(`unknown frame kind ${String(frame.kind)}`);
    }
  }

  #onControl(peer: Peer, message: ClientControl): void {
    switch (message.op) {
      case 'hello':
        return;
      case 'addNode':
        peer.nodes.add(message.name);
        break;
      case 'removeNode':
        peer.nodes.delete(message.name);
        break;
      case 'advertise':
        peer.publishers.set(message.id, { ...message, client: peer, history: [] });
        break;
      case 'unadvertise':
        peer.publishers.delete(message.id);
        break;
      case 'subscribe': {
        const subscription: Endpoint = { ...message, client: peer, history: [] };
        peer.subscriptions.set(message.id, subscription);
        this.#announceTopic(peer, message.topic, message.type);
        if (message.qos.durability === 'transient_local') this.#replayHistory(subscription);
        break;
      }
      case 'unsubscribe':
        peer.subscriptions.delete(message.id);
        break;
      case 'advertiseService':
        peer.services.set(message.name, { type: message.type, node: message.node });
        break;
      case 'unadvertiseService':
        peer.services.delete(message.name);
        break;
    }
    this.#scheduleGraph();
  }

  #announceTopic(peer: Peer, topic: string, type: string): number {
    const topicId = this.#topicId(topic);
    if (!peer.knownTopics.has(topicId)) {
      peer.knownTopics.add(topicId);
      writeControl(peer.socket, { op: 'topic', topicId, topic, type } satisfies HubControl);
    }
    return topicId;
  }

  #replayHistory(subscription: Endpoint): void {
    const topicId = this.#topicId(subscription.topic);
    for (const peer of this.#peers.values()) {
      if (peer === subscription.client) continue;
      for (const publisher of peer.publishers.values()) {
        if (publisher.topic !== subscription.topic || qosIncompatibility(publisher.qos, subscription.qos))
          continue;
        for (const payload of publisher.history.slice(-subscription.qos.depth))
          writeData(subscription.client.socket, topicId, payload);
      }
    }
  }

  #onData(peer: Peer, body: Buffer): void {
    const { id, payload } = readData(body);
    const publisher = peer.publishers.get(id);
    if (!publisher) return;
    if (publisher.qos.durability === 'transient_local') {
      publisher.history.push(Buffer.from(payload));
      if (publisher.history.length > publisher.qos.depth) publisher.history.shift();
    }
    const topicId = this.#topicId(publisher.topic);
    for (const other of this.#peers.values()) {
      if (other === peer) continue;
      let matched = false;
      for (const subscription of other.subscriptions.values()) {
        if (subscription.topic === publisher.topic && !qosIncompatibility(publisher.qos, subscription.qos)) {
          matched = true;
          break;
        }
      }
      if (!matched) continue;
      if (
        publisher.qos.reliability === 'best_effort' &&
        other.socket.writableLength > BEST_EFFORT_BACKLOG_BYTES
      )
        continue;
      this.#announceTopic(other, publisher.topic, publisher.type);
      writeData(other.socket, topicId, payload);
    }
  }

  #onCall(peer: Peer, body: Buffer): void {
    const { header, payload } = readCall<CallHeader>(body);
    if (header.service !== undefined) {
      const provider = [...this.#peers.values()].find((p) => p.services.has(header.service!));
      if (!provider) {
        writeCall(
          peer.socket,
          { callId: header.callId, error: `service '${header.service}' is not available` },
          new Uint8Array(0),
        );
        return;
      }
      const hubCallId = this.#nextCall++;
      this.#pendingCalls.set(hubCallId, { caller: peer, callId: header.callId });
      writeCall(provider.socket, { callId: hubCallId, service: header.service, type: header.type }, payload);
      return;
    }
    const pending = this.#pendingCalls.get(header.callId);
    if (!pending) return;
    this.#pendingCalls.delete(header.callId);
    writeCall(pending.caller.socket, { ...header, callId: pending.callId }, payload);
  }

  /** Graph updates are coalesced: one broadcast per event-loop turn however many changes. */
  #scheduleGraph(): void {
    if (this.#graphScheduled) return;
    this.#graphScheduled = true;
    setImmediate(() => {
      this.#graphScheduled = false;
      const graph = this.graph();
      for (const peer of this.#peers.values())
        writeControl(peer.socket, { op: 'graph', graph } satisfies HubControl);
    });
  }

  graph(): HubGraph {
    const graph: HubGraph = { nodes: [], publishers: [], subscriptions: [], services: [] };
    for (const peer of this.#peers.values()) {
      for (const name of peer.nodes) graph.nodes.push({ name, client: peer.id });
      for (const p of peer.publishers.values())
        graph.publishers.push({ topic: p.topic, type: p.type, node: p.node, qos: p.qos, client: peer.id });
      for (const s of peer.subscriptions.values())
        graph.subscriptions.push({ topic: s.topic, type: s.type, node: s.node, qos: s.qos, client: peer.id });
      for (const [name, s] of peer.services)
        graph.services.push({ name, type: s.type, node: s.node, client: peer.id });
    }
    return graph;
  }
}
