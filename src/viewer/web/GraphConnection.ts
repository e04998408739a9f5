/**
 * The page's link to the running graph: the launch's Foxglove WebSocket endpoint. Topics are
 * subscribed by name (also before the server advertises them: the subscription is made when the
 * channel appears) and decoded from CDR with the channel's own ros2msg schema; publishing
 * advertises a client channel and encodes with the schema the server gave for that type.
 */
import { FoxgloveClient, type Channel } from '@foxglove/ws-protocol';
import { parse } from '@foxglove/rosmsg';
import { MessageReader, MessageWriter } from '@foxglove/rosmsg2-serialization';

export type MessageHandler = (message: unknown, topic: string) => void;

/** What the viewer reads from: a live graph or a recording. */
export interface TopicSource {
  on(topic: string, handler: MessageHandler): void;
}

export class GraphConnection implements TopicSource {
  readonly #client: FoxgloveClient;
  readonly #channels = new Map<string, Channel>();
  readonly #handlers = new Map<string, MessageHandler[]>();
  readonly #subscriptions = new Map<number, { topic: string; reader: MessageReader }>();
  readonly #subscribed = new Set<string>();
  readonly #published = new Map<string, { id: number; writer: MessageWriter }>();
  readonly #statusListeners: Array<(text: string, up: boolean) => void> = [];

  private constructor(ws: WebSocket) {
    this.#client = new FoxgloveClient({ ws });
    this.#client.on('open', () => this.#status('connected', true));
    this.#client.on('close', () => this.#status('disconnected: the launch has stopped', false));
    this.#client.on('error', (error) => this.#status(`connection error: ${error.message}`, false));
    this.#client.on('advertise', (channels) => {
      for (const channel of channels) {
        this.#channels.set(channel.topic, channel);
        if (this.#handlers.has(channel.topic)) this.#subscribe(channel);
      }
    });
    this.#client.on('unadvertise', (ids) => {
      for (const [topic, channel] of this.#channels)
        if (ids.includes(channel.id)) {
          this.#channels.delete(topic);
          this.#subscribed.delete(topic);
        }
    });
    this.#client.on('message', ({ subscriptionId, data }) => {
      const subscription = this.#subscriptions.get(subscriptionId);
      if (!subscription) return;
      let message: unknown;
      try {
        message = subscription.reader.readMessage(data);
      } catch (error) {
        console.warn(`skipping a malformed message on ${subscription.topic}: ${(error as Error).message}`);
        return;
      }
      for (const handler of this.#handlers.get(subscription.topic) ?? [])
        handler(message, subscription.topic);
    });
    this.#client.on('status', ({ level, message }) => level >= 2 && console.warn(`endpoint: ${message}`));
  }

  static connect(url: string): GraphConnection {
    return new GraphConnection(new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]));
  }

  onStatus(listener: (text: string, up: boolean) => void): void {
    this.#statusListeners.push(listener);
  }

  #status(text: string, up: boolean): void {
    for (const listener of this.#statusListeners) listener(text, up);
  }

  on(topic: string, handler: MessageHandler): void {
    this.#handlers.set(topic, [...(this.#handlers.get(topic) ?? []), handler]);
    const channel = this.#channels.get(topic);
    if (channel) this.#subscribe(channel);
  }

  #subscribe(channel: Channel): void {
    if (this.#subscribed.has(channel.topic)) return;
    if (channel.encoding !== 'cdr' || channel.schemaEncoding !== 'ros2msg') {
      console.warn(`cannot read ${channel.topic}: ${channel.encoding}/${channel.schemaEncoding ?? '?'}`);
      return;
    }
    const reader = new MessageReader(parse(channel.schema, { ros2: true }));
    this.#subscribed.add(channel.topic);
    this.#subscriptions.set(this.#client.subscribe(channel.id), { topic: channel.topic, reader });
  }

  /** Publishes on `topic`; the type's schema comes from any channel of that type the server has. */
  publish(topic: string, type: string, message: unknown): void {
    let entry = this.#published.get(topic);
    if (!entry) {
      const schema = [...this.#channels.values()].find((c) => c.schemaName === type)?.schema;
      if (schema === undefined)
        throw new Error(`nothing in the running graph uses ${type}, so ${topic} has no listener`);
      const id = this.#client.advertise({
        topic,
        encoding: 'cdr',
        schemaName: type,
        schema,
        schemaEncoding: 'ros2msg',
      });
      entry = { id, writer: new MessageWriter(parse(schema, { ros2: true })) };
      this.#published.set(topic, entry);
    }
    this.#client.sendMessage(entry.id, entry.writer.writeMessage(message));
  }
}
