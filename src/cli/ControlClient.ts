/**
 * The CLI's connection to a running system's control endpoint (a Foxglove WebSocket server
 * on 127.0.0.1). Wraps `FoxgloveClient` with promises: topics, subscriptions, publishing,
 * service calls and parameters, with CDR encoded and decoded by the message registry.
 */
import {
  FoxgloveClient,
  type Channel,
  type Parameter,
  type Service,
} from '../runtime/foxglove/wsProtocol.ts';
import WebSocket from 'ws';
import { messageRegistry } from '../runtime/messages/MessageRegistry.ts';

export const DEFAULT_CONTROL_URL = 'ws://127.0.0.1:8765';

export function controlUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.KATAZUKE_CONTROL_URL ?? DEFAULT_CONTROL_URL;
}

export class ControlClient {
  readonly channels = new Map<number, Channel>();
  readonly services = new Map<number, Service>();
  readonly registry = messageRegistry();
  readonly #statusErrors: string[] = [];
  readonly #parameterWaiters = new Map<string, (parameters: Parameter[]) => void>();
  readonly #callWaiters = new Map<
    number,
    { resolve: (data: DataView) => void; reject: (error: Error) => void }
  >();
  /** One handler per subscription, found by id (a recorder of every topic has dozens). */
  readonly #subscriptions = new Map<number, (bytes: Uint8Array, timestampNs: bigint) => void>();
  #nextCall = 1;
  #nextRequest = 1;

  private constructor(
    readonly client: FoxgloveClient,
    private readonly ws: WebSocket,
  ) {
    client.on('message', ({ subscriptionId, timestamp, data }) =>
      this.#subscriptions.get(subscriptionId)?.(
        new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
        timestamp,
      ),
    );
    client.on('advertise', (channels) => channels.forEach((c) => this.channels.set(c.id, c)));
    client.on('unadvertise', (ids) => ids.forEach((id) => this.channels.delete(id)));
    client.on('advertiseServices', (services) => services.forEach((s) => this.services.set(s.id, s)));
    client.on('unadvertiseServices', (ids) => ids.forEach((id) => this.services.delete(id)));
    client.on('status', (status) => status.level >= 2 && this.#statusErrors.push(status.message));
    client.on('parameterValues', ({ parameters, id }) => {
      if (id === undefined) return;
      this.#parameterWaiters.get(id)?.(parameters);
      this.#parameterWaiters.delete(id);
    });
    client.on('serviceCallResponse', (response) => {
      this.#callWaiters
        .get(response.callId)
        ?.resolve(new DataView(response.data.buffer, response.data.byteOffset, response.data.byteLength));
      this.#callWaiters.delete(response.callId);
    });
    client.on('serviceCallFailure', (failure) => {
      this.#callWaiters.get(failure.callId)?.reject(new Error(failure.message));
      this.#callWaiters.delete(failure.callId);
    });
  }

  /** Connects and waits until the server has sent its topics and services. */
  static async connect(url: string, settleMs = 150): Promise<ControlClient> {
    const ws = new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]);
    const client = new FoxgloveClient({
      ws: ws as unknown as ConstructorParameters<typeof FoxgloveClient>[0]['ws'],
    });
    const control = new ControlClient(client, ws);
    await new Promise<void>((resolve, reject) => {
      client.on('serverInfo', () => resolve());
      ws.once('error', (error) =>
        reject(
          new Error(
            `cannot reach a running katazuke system at ${url} (${error.message}); start one with \`katazuke launch FILE\` or set KATAZUKE_CONTROL_URL`,
          ),
        ),
      );
    });
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return control;
  }

  /** Errors the server reported with status messages since the last call. */
  takeErrors(): string[] {
    return this.#statusErrors.splice(0);
  }

  channel(topic: string): Channel | undefined {
    return [...this.channels.values()].find((c) => c.topic === topic);
  }

  /** Resolves with the topic's channel once it is advertised (like `ros2 topic echo`, it waits). */
  waitForChannel(topic: string, onWait: () => void = () => {}): Promise<Channel> {
    const existing = this.channel(topic);
    if (existing) return Promise.resolve(existing);
    onWait();
    return new Promise((resolve) => {
      const listener = (channels: Channel[]) => {
        const found = channels.find((c) => c.topic === topic);
        if (!found) return;
        this.client.off('advertise', listener);
        resolve(found);
      };
      this.client.on('advertise', listener);
    });
  }

  async subscribe(
    topic: string,
    onMessage: (message: unknown, receiveTimeNs: bigint) => void,
  ): Promise<void> {
    const channel = await this.waitForChannel(topic, () =>
      process.stderr.write(`WARNING: topic [${topic}] does not appear to be published yet; waiting\n`),
    );
    const serializer = this.registry.serializer(channel.schemaName);
    this.subscribeRaw(channel, (bytes) => onMessage(serializer.read(bytes), process.hrtime.bigint()));
  }

  /** The channel's messages as their CDR bytes, with the server's timestamp (ns since the epoch). */
  subscribeRaw(channel: Channel, onData: (bytes: Uint8Array, timestampNs: bigint) => void): () => void {
    const subscriptionId = this.client.subscribe(channel.id);
    this.#subscriptions.set(subscriptionId, onData);
    return () => {
      this.#subscriptions.delete(subscriptionId);
      this.client.unsubscribe(subscriptionId);
    };
  }

  advertise(topic: string, type: string): (message: unknown) => void {
    const canonical = this.registry.definition(type).name!;
    const serializer = this.registry.serializer(canonical);
    const send = this.advertiseRaw(topic, canonical, this.registry.schema(canonical));
    return (message) => {
      this.registry.validate(canonical, message);
      send(serializer.write(message));
    };
  }

  /** Publishes already-serialized CDR messages of `type` (with its ros2msg `schema`) on `topic`. */
  advertiseRaw(topic: string, type: string, schema: string): (bytes: Uint8Array) => void {
    const channelId = this.client.advertise({
      topic,
      encoding: 'cdr',
      schemaName: type,
      schema,
      schemaEncoding: 'ros2msg',
    });
    return (bytes) => this.client.sendMessage(channelId, bytes);
  }

  async callService(name: string, request: unknown, timeoutMs = 10_000): Promise<unknown> {
    const service = [...this.services.values()].find((s) => s.name === name);
    if (!service) throw new Error(`service '${name}' does not exist`);
    const requestType = `${service.type}_Request`;
    this.registry.validate(requestType, request);
    const callId = this.#nextCall++;
    const data = this.registry.serializer(requestType).write(request);
    const response = new Promise<DataView>((resolve, reject) => {
      this.#callWaiters.set(callId, { resolve, reject });
      setTimeout(
        () => reject(new Error(`service '${name}' did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      ).unref();
    });
    this.client.sendServiceCallRequest({
      serviceId: service.id,
      callId,
      encoding: 'cdr',
      data: new DataView(data.buffer, data.byteOffset, data.byteLength),
    });
    const bytes = await response;
    return this.registry
      .serializer(`${service.type}_Response`)
      .read(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  #parameterRequest(send: (id: string) => void, timeoutMs = 10_000): Promise<Parameter[]> {
    const id = `cli-${this.#nextRequest++}`;
    return new Promise((resolve, reject) => {
      this.#parameterWaiters.set(id, resolve);
      setTimeout(() => reject(new Error(`no parameter answer within ${timeoutMs} ms`)), timeoutMs).unref();
      send(id);
    });
  }

  getParameters(names: string[]): Promise<Parameter[]> {
    return this.#parameterRequest((id) => this.client.getParameters(names, id));
  }

  setParameters(parameters: Parameter[]): Promise<Parameter[]> {
    return this.#parameterRequest((id) => this.client.setParameters(parameters, id));
  }

  close(): void {
    this.client.close();
    this.ws.terminate();
  }
}
