/**
 * Direct process-to-process message delivery for the hub backend (the hub only does discovery
 * and service relay, as DDS discovery does). Every process listens on its own Unix socket; a
 * process that subscribes to a topic connects to each process publishing it and says who it
 * is (`{op:'hello', client}`), and publishers write CDR frames down those connections.
 * The subscribing side reads into one reused 4 MiB buffer (`onread`), so a 640x480 image
 * arrives in a few reads and is copied once, into its own frame.
 * On each connection a CONTROL frame `{op:'topic', topicId, topic, type}` names a topic id
 * once, then DATA frames `[u32 topicId][CDR]` carry its messages.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { FrameKind, FrameReader, readData, writeControl, writeData, type Frame } from './framing.ts';

/** Bytes queued on a link beyond which best-effort messages are dropped rather than buffered. */
const BEST_EFFORT_BACKLOG_BYTES = 64 << 20;
const READ_BUFFER_BYTES = 4 << 20;

interface Subscriber {
  readonly socket: Socket;
  readonly announced: Set<number>;
}

export interface DataPlaneEvents {
  message(topic: string, type: string, payload: Buffer): void;
  /** A subscribing process connected; messages to it can flow now. */
  subscriberConnected(client: number): void;
  warn(message: string): void;
}

export class DataPlane {
  readonly #server: Server;
  readonly #subscribers = new Map<number, Subscriber>();
  readonly #publishers = new Map<string, Socket>();
  readonly #topicIds = new Map<string, number>();
  readonly #readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);

  private constructor(
    readonly address: string,
    private readonly events: DataPlaneEvents,
  ) {
    this.#server = createServer((socket) => this.#acceptSubscriber(socket));
  }

  static async listen(address: string, events: DataPlaneEvents): Promise<DataPlane> {
    rmSync(address, { force: true });
    const plane = new DataPlane(address, events);
    await new Promise<void>((resolve, reject) => {
      plane.#server.once('error', reject);
      plane.#server.listen(address, () => resolve());
    });
    return plane;
  }

  /** A subscribing process connected to us: wait for its hello, then it can receive. */
  #acceptSubscriber(socket: Socket): void {
    let client: number | undefined;
    const reader = new FrameReader((frame: Frame) => {
      if (frame.kind !== FrameKind.CONTROL) return;
      const hello = JSON.parse(frame.body.toString('utf8')) as { op: string; client: number };
      if (hello.op !== 'hello' || client !== undefined) return;
      client = hello.client;
      this.#subscribers.get(client)?.socket.destroy();
      this.#subscribers.set(client, { socket, announced: new Set() });
      this.events.subscriberConnected(client);
    });
    socket.on('data', (chunk) => {
      try {
        reader.push(chunk);
      } catch (error) {
        this.events.warn(`dropping a data link: ${(error as Error).message}`);
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      if (client !== undefined && this.#subscribers.get(client)?.socket === socket)
        this.#subscribers.delete(client);
    });
  }

  /** Connects to a publishing process (once) so that it can send us its messages. */
  connectToPublisher(address: string, self: number): void {
    if (this.#publishers.has(address) || address === this.address) return;
    const topics = new Map<number, { topic: string; type: string }>();
    const reader = new FrameReader((frame: Frame) => {
      if (frame.kind === FrameKind.CONTROL) {
        const message = JSON.parse(frame.body.toString('utf8')) as {
          op: string;
          topicId: number;
          topic: string;
          type: string;
        };
        if (message.op === 'topic') topics.set(message.topicId, { topic: message.topic, type: message.type });
      } else if (frame.kind === FrameKind.DATA) {
        const { id, payload } = readData(frame.body);
        const topic = topics.get(id);
        if (topic) this.events.message(topic.topic, topic.type, payload);
      }
    });
    const socket = connect({
      path: address,
      onread: {
        buffer: this.#readBuffer,
        callback: (bytes, buffer) => {
          try {
            reader.push(buffer.subarray(0, bytes));
          } catch (error) {
            this.events.warn(`dropping the data link from ${address}: ${(error as Error).message}`);
            socket.destroy();
          }
          return true;
        },
      },
    });
    this.#publishers.set(address, socket);
    socket.on('connect', () => writeControl(socket, { op: 'hello', client: self }));
    socket.on('error', (error) => {
      this.events.warn(`data link to ${address}: ${error.message}`);
      socket.destroy();
    });
    socket.on('close', () => {
      if (this.#publishers.get(address) === socket) this.#publishers.delete(address);
    });
  }

  isConnected(client: number): boolean {
    return this.#subscribers.has(client);
  }

  #topicId(topic: string): number {
    let id = this.#topicIds.get(topic);
    if (id === undefined) this.#topicIds.set(topic, (id = this.#topicIds.size + 1));
    return id;
  }

  /** Sends one serialized message to a subscribing process; false when it has not connected yet. */
  send(
    client: number,
    topic: string,
    type: string,
    payload: Uint8Array,
    reliability: 'reliable' | 'best_effort',
  ): boolean {
    const subscriber = this.#subscribers.get(client);
    if (!subscriber) return false;
    const { socket, announced } = subscriber;
    if (reliability === 'best_effort' && socket.writableLength > BEST_EFFORT_BACKLOG_BYTES) return true;
    const topicId = this.#topicId(topic);
    if (!announced.has(topicId)) {
      announced.add(topicId);
      writeControl(socket, { op: 'topic', topicId, topic, type });
    }
    writeData(socket, topicId, payload);
    return true;
  }

  /** Drops connections to publishing processes that left the graph. */
  retainPublishers(addresses: ReadonlySet<string>): void {
    for (const [address, socket] of this.#publishers) {
      if (addresses.has(address)) continue;
      socket.destroy();
      this.#publishers.delete(address);
    }
  }

  async close(): Promise<void> {
    for (const { socket } of this.#subscribers.values()) socket.destroy();
    for (const socket of this.#publishers.values()) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    rmSync(this.address, { force: true });
  }
}
