/**
 * The hub a launcher hosts so that isolated node processes find each other without ROS 2: a
 * Unix socket server that keeps the graph (nodes, topics with QoS, services, and the socket
 * each process receives messages on) and relays service calls. Messages themselves go
 * directly between processes (see `DataPlane`), as in DDS, so the hub never copies them.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import type { QoSProfile } from '../../Qos.ts';
import { FrameKind, FrameReader, readCall, writeCall, writeControl, type Frame } from './framing.ts';
import type { CallHeader, ClientControl, HubControl, HubGraph } from './protocol.ts';

interface Endpoint {
  readonly id: number;
  readonly topic: string;
  readonly type: string;
  readonly node: string;
  readonly qos: QoSProfile;
}

interface Peer {
  readonly id: number;
  readonly socket: Socket;
  dataAddress: string;
  readonly nodes: Set<string>;
  readonly publishers: Map<number, Endpoint>;
  readonly subscriptions: Map<number, Endpoint>;
  readonly services: Map<string, { type: string; node: string }>;
}

export class HubServer {
  readonly #server: Server;
  readonly #peers = new Map<number, Peer>();
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
      dataAddress: '',
      nodes: new Set(),
      publishers: new Map(),
      subscriptions: new Map(),
      services: new Map(),
    };
    this.#peers.set(peer.id, peer);
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

  #onFrame(peer: Peer, frame: Frame): void {
    switch (frame.kind) {
      case FrameKind.CONTROL:
        this.#onControl(peer, JSON.parse(frame.body.toString('utf8')) as ClientControl);
        return;
      case FrameKind.CALL:
        this.#onCall(peer, frame.body);
        return;
      case FrameKind.DATA:
        throw new Error('message data goes to processes directly, not through the hub');
      default:
        throw new Error(`unknown frame kind ${String(frame.kind)}`);
    }
  }

  #onControl(peer: Peer, message: ClientControl): void {
    switch (message.op) {
      case 'hello':
        peer.dataAddress = message.dataAddress;
        break;
      case 'addNode':
        peer.nodes.add(message.name);
        break;
      case 'removeNode':
        peer.nodes.delete(message.name);
        break;
      case 'advertise':
        peer.publishers.set(message.id, message);
        break;
      case 'unadvertise':
        peer.publishers.delete(message.id);
        break;
      case 'subscribe':
        peer.subscriptions.set(message.id, message);
        break;
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
    const graph: HubGraph = { clients: [], nodes: [], publishers: [], subscriptions: [], services: [] };
    for (const peer of this.#peers.values()) {
      graph.clients.push({ id: peer.id, dataAddress: peer.dataAddress });
      for (const name of peer.nodes) graph.nodes.push({ name, client: peer.id });
      for (const p of peer.publishers.values())
        graph.publishers.push({ topic: p.topic, type: p.type, node: p.node, qos: p.qos, client: peer.id });
      for (const s of peer.subscriptions.values())
        graph.subscriptions.push({
          topic: s.topic,
          type: s.type,
          node: s.node,
          qos: s.qos,
          client: peer.id,
          id: s.id,
        });
      for (const [name, s] of peer.services)
        graph.services.push({ name, type: s.type, node: s.node, client: peer.id });
    }
    return graph;
  }
}
