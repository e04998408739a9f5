/**
 * The control endpoint of a running system: a WebSocket server on 127.0.0.1 speaking the
 * Foxglove WebSocket protocol (`@foxglove/ws-protocol`, subprotocol foxglove.websocket.v1),
 * so Foxglove Studio can connect live and the `katazuke` CLI can list, echo and publish
 * topics, call services and get/set parameters. Messages travel as ROS 2 CDR with ros2msg
 * schemas. It is an ordinary participant: one node (`/katazuke_bridge`) on the context.
 */
import { FoxgloveServer, type ServerCapability } from './wsProtocol.ts';
import type { Parameter as WsParameter, ParameterValue as WsParameterValue } from './wsProtocol.ts';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Context } from '../Context.ts';
import type { rcl_interfaces } from '../../messages/types.generated.ts';
import type { Node } from '../Node.ts';
import { fromParameterValueMsg, toParameterValueMsg } from '../ParameterServices.ts';
import { coerceParameterValue, PARAMETER_TYPES, type ParameterValue } from '../Parameters.ts';
import type { Publisher } from '../Publisher.ts';
import type { QoSProfile } from '../Qos.ts';
import type { Client } from '../Service.ts';
import type { Subscription } from '../Subscription.ts';
import { nodesFromServices, qualifiedParameterName, splitQualifiedParameterName } from './parameterNames.ts';

export interface BridgeOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
}

const CAPABILITIES = ['clientPublish', 'parameters', 'services'] satisfies Array<`${ServerCapability}`>;
const CALL_TIMEOUT_MS = 5000;
/** Latched messages kept per transient-local channel, for clients that subscribe later. */
const LATCHED_DEPTH = 10;

export class FoxgloveBridge {
  readonly #server: FoxgloveServer;
  readonly #wss: WebSocketServer;
  readonly #node: Node;
  readonly #channels = new Map<string, { id: number; type: string }>();
  readonly #services = new Map<string, { id: number; type: string }>();
  readonly #subscriptions = new Map<number, Subscription>();
  readonly #latched = new Map<number, Array<{ timestampNs: bigint; payload: Uint8Array }>>();
  /** Channels whose first subscriber came in the request being handled (they get the latched data anyway). */
  readonly #firstSubscribed = new Set<number>();
  readonly #clientPublishers = new Map<WebSocket, Map<number, Publisher>>();
  readonly #clients = new Map<string, Client>();
  #syncScheduled = false;

  private constructor(
    private readonly context: Context,
    server: FoxgloveServer,
    wss: WebSocketServer,
  ) {
    this.#server = server;
    this.#wss = wss;
    this.#node = context.createNode('katazuke_bridge');
    wss.on('connection', (ws, request) => {
      this.#server.handleConnection(ws, `${request.socket.remoteAddress}:${request.socket.remotePort}`);
      ws.on('message', (data, isBinary) => !isBinary && this.#replayLatched(ws, data.toString()));
      ws.on('close', () => {
        for (const publisher of this.#clientPublishers.get(ws)?.values() ?? []) publisher.destroy();
        this.#clientPublishers.delete(ws);
      });
    });
    this.#server.on('subscribe', (channelId) => {
      this.#firstSubscribed.add(channelId);
      this.#subscribe(channelId);
    });
    this.#server.on('unsubscribe', (channelId) => {
      this.#subscriptions.get(channelId)?.destroy();
      this.#subscriptions.delete(channelId);
      this.#latched.delete(channelId);
    });
    this.#server.on('advertise', (channel) => {
      const publishers =
        this.#clientPublishers.get(channel.client.connection as WebSocket) ?? new Map<number, Publisher>();
      this.#clientPublishers.set(channel.client.connection as WebSocket, publishers);
      try {
        publishers.set(channel.id, this.#node.createPublisher(channel.schemaName, channel.topic));
      } catch (error) {
        this.#server.sendStatus(
          { level: 2, message: `cannot publish on '${channel.topic}': ${(error as Error).message}` },
          channel.client.connection,
        );
      }
    });
    this.#server.on('unadvertise', ({ channelId, client }) => {
      const publishers = this.#clientPublishers.get(client.connection as WebSocket);
      publishers?.get(channelId)?.destroy();
      publishers?.delete(channelId);
    });
    this.#server.on('message', ({ channel, data, client }) => {
      const publisher = this.#clientPublishers.get(client.connection as WebSocket)?.get(channel.id);
      if (!publisher) return;
      try {
        const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        publisher.publish(this.context.registry.serializer(publisher.type).read(bytes));
      } catch (error) {
        this.#server.sendStatus(
          { level: 2, message: `message on '${channel.topic}' rejected: ${(error as Error).message}` },
          client.connection,
        );
      }
    });
    this.#server.on(
      'serviceCallRequest',
      (request, connection) => void this.#callService(request, connection),
    );
    this.#server.on(
      'getParameters',
      ({ parameterNames, id }, connection) => void this.#getParameters(parameterNames, id, connection),
    );
    this.#server.on(
      'setParameters',
      ({ parameters, id }, connection) => void this.#setParameters(parameters, id, connection),
    );
    this.#server.on('error', (error) => this.#node.getLogger().warn(`control endpoint: ${error.message}`));
    context.transport.onGraphChange(() => this.#scheduleSync());
    this.#sync();
  }

  static async start(context: Context, options: BridgeOptions): Promise<FoxgloveBridge> {
    const server = new FoxgloveServer({
      name: 'katazuke',
      capabilities: CAPABILITIES,
      supportedEncodings: ['cdr'],
    });
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: options.port,
      handleProtocols: (protocols) => server.handleProtocols(protocols),
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', (error) =>
        reject(new Error(`control endpoint cannot listen on 127.0.0.1:${options.port}: ${error.message}`)),
      );
    });
    return new FoxgloveBridge(context, server, wss);
  }

  get url(): string {
    const address = this.#wss.address();
    if (address === null || typeof address === 'string')
      throw new Error('the control endpoint is not listening');
    return `ws://127.0.0.1:${address.port}`;
  }

  #scheduleSync(): void {
    if (this.#syncScheduled) return;
    this.#syncScheduled = true;
    setImmediate(() => {
      this.#syncScheduled = false;
      this.#sync();
    });
  }

  /** Mirrors the graph's topics and services as channels and services. */
  #sync(): void {
    const graph = this.context.transport.graph();
    const topics = new Map<string, string>();
    for (const endpoint of [...graph.publishers, ...graph.subscriptions])
      topics.set(endpoint.topic, endpoint.type);
    for (const [topic, channel] of this.#channels) {
      if (topics.get(topic) === channel.type) continue;
      this.#server.removeChannel(channel.id);
      this.#subscriptions.get(channel.id)?.destroy();
      this.#subscriptions.delete(channel.id);
      this.#channels.delete(topic);
    }
    for (const [topic, type] of topics) {
      if (this.#channels.has(topic) || !this.context.registry.has(type)) continue;
      const id = this.#server.addChannel({
        topic,
        encoding: 'cdr',
        schemaName: type,
        schema: this.context.registry.schema(type),
        schemaEncoding: 'ros2msg',
      });
      this.#channels.set(topic, { id, type });
    }
    const services = new Map(graph.services.map((s) => [s.name, s.type]));
    for (const [name, service] of this.#services) {
      if (services.get(name) === service.type) continue;
      this.#server.removeService(service.id);
      this.#services.delete(name);
    }
    for (const [name, type] of services) {
      if (this.#services.has(name) || !this.context.registry.has(`${type}_Request`)) continue;
      const definition = (part: 'Request' | 'Response') => ({
        encoding: 'cdr',
        schemaName: `${type}_${part}`,
        schemaEncoding: 'ros2msg',
        schema: this.context.registry.schema(`${type}_${part}`),
      });
      const id = this.#server.addService({
        name,
        type,
        request: definition('Request'),
        response: definition('Response'),
      });
      this.#services.set(name, { id, type });
    }
  }

  #subscribe(channelId: number): void {
    const entry = [...this.#channels].find(([, c]) => c.id === channelId);
    if (!entry || this.#subscriptions.has(channelId)) return;
    const [topic, { type }] = entry;
    const publishers = this.context.transport.graph().publishers.filter((p) => p.topic === topic);
    // Match every publisher: best-effort if any is, transient-local if all are (to get latched data).
    const qos: Partial<QoSProfile> = {
      depth: 10,
      reliability: publishers.some((p) => p.qos.reliability === 'best_effort') ? 'best_effort' : 'reliable',
      durability:
        publishers.length > 0 && publishers.every((p) => p.qos.durability === 'transient_local')
          ? 'transient_local'
          : 'volatile',
    };
    const serializer = this.context.registry.serializer(type);
    const latched: Array<{ timestampNs: bigint; payload: Uint8Array }> | undefined =
      qos.durability === 'transient_local' ? [] : undefined;
    if (latched) this.#latched.set(channelId, latched);
    const subscription = this.#node.createSubscription(type, topic, { qos }, (message) => {
      const timestampNs = this.#node.now().nanoseconds;
      const payload = serializer.write(message);
      this.#server.sendMessage(channelId, timestampNs, payload);
      if (latched && latched.push({ timestampNs, payload }) > LATCHED_DEPTH) latched.shift();
    });
    this.#subscriptions.set(channelId, subscription);
  }

  /**
   * The server tells only of a channel's first subscriber; one that subscribes later to a
   * latched (transient-local) topic gets what was latched from here, as it would from DDS.
   */
  #replayLatched(ws: WebSocket, text: string): void {
    // The server handled this request just before (its listener came first): these are its first subscribers.
    const first = new Set(this.#firstSubscribed);
    this.#firstSubscribed.clear();
    let request: { op?: string; subscriptions?: Array<{ id: number; channelId: number }> };
    try {
      request = JSON.parse(text) as typeof request;
    } catch {
      return; // the server reports malformed requests itself
    }
    if (request.op !== 'subscribe' || !Array.isArray(request.subscriptions)) return;
    const subscriptions = request.subscriptions.filter((s) => !first.has(s.channelId));
    // After the server has registered the subscriptions (and, for a first one, this bridge has subscribed).
    setImmediate(() => {
      for (const { id, channelId } of subscriptions) {
        for (const { timestampNs, payload } of this.#latched.get(channelId) ?? []) {
          const frame = new Uint8Array(13 + payload.byteLength);
          const header = new DataView(frame.buffer);
          header.setUint8(0, 1); // BinaryOpcode.MESSAGE_DATA
          header.setUint32(1, id, true);
          header.setBigUint64(5, timestampNs, true);
          frame.set(payload, 13);
          ws.send(frame);
        }
      }
    });
  }

  #client(name: string, type: string): Client {
    let client = this.#clients.get(name);
    if (!client || client.type !== type) {
      client = this.#node.createClient(type, name);
      this.#clients.set(name, client);
    }
    return client;
  }

  async #callService(
    request: { serviceId: number; callId: number; data: ArrayBufferView },
    connection: Parameters<FoxgloveServer['sendServiceCallResponse']>[1],
  ): Promise<void> {
    const entry = [...this.#services].find(([, s]) => s.id === request.serviceId);
    const fail = (message: string) =>
      this.#server.sendServiceCallFailure(
        { op: 'serviceCallFailure', serviceId: request.serviceId, callId: request.callId, message },
        connection,
      );
    if (!entry) return fail(`unknown service id ${request.serviceId}`);
    const [name, { type }] = entry;
    try {
      const bytes = new Uint8Array(request.data.buffer, request.data.byteOffset, request.data.byteLength);
      const decoded = this.context.registry.serializer(`${type}_Request`).read(bytes);
      const response = await this.#client(name, type).sendRequest(decoded, { timeoutMs: CALL_TIMEOUT_MS });
      const data = this.context.registry.serializer(`${type}_Response`).write(response);
      this.#server.sendServiceCallResponse(
        {
          serviceId: request.serviceId,
          callId: request.callId,
          encoding: 'cdr',
          data: new DataView(data.buffer, data.byteOffset, data.byteLength),
        },
        connection,
      );
    } catch (error) {
      fail(`service '${name}' failed: ${(error as Error).message}`);
    }
  }

  #nodes(): string[] {
    return nodesFromServices(this.context.transport.graph().services.map((s) => s.name));
  }

  async #nodeParameters(node: string, names?: string[]): Promise<WsParameter[]> {
    const list = this.#client(`${node}/list_parameters`, 'rcl_interfaces/srv/ListParameters');
    const get = this.#client(`${node}/get_parameters`, 'rcl_interfaces/srv/GetParameters');
    const wanted =
      names ??
      (
        (await list.sendRequest(
          { prefixes: [], depth: 0n },
          { timeoutMs: CALL_TIMEOUT_MS },
        )) as rcl_interfaces.srv.ListParameters_Response
      ).result.names;
    const { values } = (await get.sendRequest(
      { names: wanted },
      { timeoutMs: CALL_TIMEOUT_MS },
    )) as rcl_interfaces.srv.GetParameters_Response;
    return wanted.flatMap((parameter, i) => {
      const value = fromParameterValueMsg(values[i]!);
      if (value === undefined) return [];
      return [toWsParameter(qualifiedParameterName(node, parameter), value, values[i]!.type)];
    });
  }

  async #getParameters(
    parameterNames: string[],
    id: string | undefined,
    connection: Parameters<FoxgloveServer['publishParameterValues']>[2],
  ): Promise<void> {
    const parameters: WsParameter[] = [];
    try {
      if (parameterNames.length === 0) {
        for (const node of this.#nodes()) parameters.push(...(await this.#nodeParameters(node)));
      } else {
        const byNode = groupByNode(parameterNames);
        for (const [node, names] of byNode) parameters.push(...(await this.#nodeParameters(node, names)));
      }
    } catch (error) {
      this.#server.sendStatus(
        { level: 2, message: `getParameters failed: ${(error as Error).message}` },
        connection,
      );
    }
    this.#server.publishParameterValues(parameters, id, connection);
  }

  async #setParameters(
    parameters: WsParameter[],
    id: string | undefined,
    connection: Parameters<FoxgloveServer['publishParameterValues']>[2],
  ): Promise<void> {
    const byNode = new Map<string, WsParameter[]>();
    const updated: string[] = [];
    try {
      for (const parameter of parameters) {
        const { node } = splitQualifiedParameterName(parameter.name);
        byNode.set(node, [...(byNode.get(node) ?? []), parameter]);
      }
      for (const [node, list] of byNode) {
        const names = list.map((p) => splitQualifiedParameterName(p.name).parameter);
        const types = (await this.#client(
          `${node}/get_parameter_types`,
          'rcl_interfaces/srv/GetParameterTypes',
        ).sendRequest(
          { names },
          { timeoutMs: CALL_TIMEOUT_MS },
        )) as rcl_interfaces.srv.GetParameterTypes_Response;
        const request = list.map((p, i) => {
          const type = PARAMETER_TYPES[(types.types[i] ?? 0) - 1];
          if (!type) throw new Error(`node '${node}' has no parameter '${names[i]}'`);
          return { name: names[i]!, value: toParameterValueMsg(coerceParameterValue(type, p.value), type) };
        });
        const { results } = (await this.#client(
          `${node}/set_parameters`,
          'rcl_interfaces/srv/SetParameters',
        ).sendRequest(
          { parameters: request },
          { timeoutMs: CALL_TIMEOUT_MS },
        )) as rcl_interfaces.srv.SetParameters_Response;
        results.forEach((result, i) => {
          if (result.successful) updated.push(list[i]!.name);
          else
            this.#server.sendStatus(
              { level: 2, message: `setting ${list[i]!.name} failed: ${result.reason}` },
              connection,
            );
        });
      }
    } catch (error) {
      this.#server.sendStatus(
        { level: 2, message: `setParameters failed: ${(error as Error).message}` },
        connection,
      );
    }
    if (id !== undefined) await this.#getParameters(updated, id, connection);
  }

  async close(): Promise<void> {
    for (const subscription of this.#subscriptions.values()) subscription.destroy();
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#node.destroy();
  }
}

function groupByNode(names: string[]): Map<string, string[]> {
  const byNode = new Map<string, string[]>();
  for (const name of names) {
    const { node, parameter } = splitQualifiedParameterName(name);
    byNode.set(node, [...(byNode.get(node) ?? []), parameter]);
  }
  return byNode;
}

/** `rosType` is the ParameterValue message's type: a double stays one even when its value is whole. */
function toWsParameter(name: string, value: ParameterValue, rosType: number): WsParameter {
  if (value instanceof Uint8Array)
    return { name, value: Buffer.from(value).toString('base64'), type: 'byte_array' };
  const type = PARAMETER_TYPES[rosType - 1];
  if (type === 'double') return { name, value: value as number, type: 'float64' };
  if (type === 'double_array') return { name, value: value as number[], type: 'float64_array' };
  return { name, value: value as WsParameterValue };
}
