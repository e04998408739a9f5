/**
 * A ROS 2 node, shaped after rclnodejs' `Node`: publishers, subscriptions, services,
 * clients, timers, typed parameters (with the standard `rcl_interfaces` parameter
 * services), a logger whose lines also go to `/rosout` (rcl_interfaces/msg/Log, as rcl
 * publishes them) and a clock that follows `/clock` when `use_sim_time` is true.
 * Topic and service names are resolved with the node's namespace and the remaps of the
 * context and of this node.
 */
import type { Context } from './Context.ts';
import type { Clock } from './Clock.ts';
import { Clock as NodeClock } from './Clock.ts';
import type { Timer } from './Executor.ts';
import { Logger, type LogRecord } from './Logger.ts';
import type { MessageTypeMap, ServiceTypeMap } from '../messages/types.generated.ts';
import {
  fullyQualifiedNodeName,
  normalizeNamespace,
  resolveTopicName,
  validateNodeName,
  type RemapRule,
} from './names.ts';
import { nodePatternMatches, readParamsFile } from './paramsFile.ts';
import {
  ParameterStore,
  type OnSetParametersCallback,
  type Parameter,
  type ParameterDescriptor,
  type ParameterOverrideValue,
  type ParameterType,
  type ParameterValue,
  type ParameterValueOf,
  type SetParametersResult,
} from './Parameters.ts';
import { startParameterServices } from './ParameterServices.ts';
import { Publisher } from './Publisher.ts';
import { QOS_CLOCK, QOS_ROSOUT, resolveQos, type QoSInput } from './Qos.ts';
import { nodeRenames, parseRosArgs } from './rosArgs.ts';
import { Client, Service, serviceHandler, type ServiceCallback } from './Service.ts';
import { Subscription, type SubscriptionCallback } from './Subscription.ts';
import { Time } from './Time.ts';
import type { NativeActions, NodeTransport } from './Transport.ts';
import type { rcl_interfaces, rosgraph_msgs } from '../messages/types.generated.ts';

const ROSOUT_LEVELS = { debug: 10, info: 20, warn: 30, error: 40, fatal: 50 } as const;

export interface NodeOptions {
  readonly namespace?: string;
  /** Per-node command-line arguments (`--ros-args -p a:=1 -r x:=y`), like rclcpp's NodeOptions. */
  readonly arguments?: readonly string[];
  /** Parameter overrides in code; they win over files and command lines. */
  readonly parameterOverrides?: Readonly<Record<string, ParameterValue>>;
  /** The `rcl_interfaces` parameter services (`~/get_parameters`, ...); on by default. */
  readonly parameterServices?: 'on' | 'off';
}

type MessageOf<K> = K extends keyof MessageTypeMap ? MessageTypeMap[K] : unknown;
type RequestOf<K> = K extends keyof ServiceTypeMap ? ServiceTypeMap[K]['Request'] : unknown;
type ResponseOf<K> = K extends keyof ServiceTypeMap ? ServiceTypeMap[K]['Response'] : unknown;

export interface SubscriptionOptions {
  readonly qos?: QoSInput;
}

export class Node {
  readonly name: string;
  readonly namespace: string;
  readonly fullyQualifiedName: string;
  readonly context: Context;
  readonly #transport: NodeTransport;
  readonly #remaps: RemapRule[];
  readonly #logger: Logger;
  readonly #clock = new NodeClock('ros_time');
  readonly #parameters: ParameterStore;
  readonly #entities: Array<{ destroy(): void }> = [];
  readonly #timers: Timer[] = [];
  #clockSubscription: Subscription | undefined;
  #rosout: Publisher<rcl_interfaces.msg.Log> | undefined;
  #destroyed = false;

  constructor(name: string, context: Context, options: NodeOptions = {}) {
    const local = parseRosArgs([
      '--ros-args',
      ...(options.arguments ?? []).filter((a) => a !== '--ros-args'),
    ]);
    this.#remaps = [...local.remaps, ...context.rosArgs.remaps];
    const renamed = nodeRenames(this.#remaps, name);
    this.name = validateNodeName(renamed.name ?? name);
    this.namespace = normalizeNamespace(renamed.namespace ?? options.namespace ?? '/');
    this.fullyQualifiedName = fullyQualifiedNodeName(this.namespace, this.name);
    this.context = context;
    const loggerName = this.fullyQualifiedName.slice(1).replaceAll('/', '.');
    this.#logger = new Logger(
      loggerName,
      local.logLevel ?? context.logLevel,
      [...context.logSinks, (record) => this.#publishRosout(record)],
      () => this.#clock.nowNs(),
    );

    const overrides = new Map<string, ParameterOverrideValue>();
    const addFile = (file: string) => {
      for (const entry of readParamsFile(file)) {
        if (nodePatternMatches(entry.node, this.fullyQualifiedName)) overrides.set(entry.name, entry);
      }
    };
    for (const file of context.rosArgs.paramsFiles) addFile(file);
    for (const file of local.paramsFiles) addFile(file);
    for (const { node, name: key, value } of [...context.rosArgs.parameters, ...local.parameters]) {
      if (node === undefined || node === this.name)
        overrides.set(key, { value, source: `--ros-args -p ${key}:=...` });
    }
    for (const [key, value] of Object.entries(options.parameterOverrides ?? {}))
      overrides.set(key, { value, source: 'parameter overrides' });
    this.#parameters = new ParameterStore(this.fullyQualifiedName, overrides);

    this.#transport = context.transport.attachNode(this.fullyQualifiedName);
    context.registerNode(this);
    this.#rosout = this.createPublisher('rcl_interfaces/msg/Log', '/rosout', QOS_ROSOUT);

    const useSimTime = this.declareParameter('use_sim_time', {
      type: 'bool',
      default: false,
      description: 'Follow simulated time from /clock instead of wall time.',
    });
    this.#parameters.addOnSetParametersCallback((parameters) => {
      for (const { name: key, value } of parameters)
        if (key === 'use_sim_time') this.#setSimTime(value === true);
      return { successful: true, reason: '' };
    });
    this.#setSimTime(useSimTime);
    if (options.parameterServices !== 'off') startParameterServices(this, this.#parameters);
  }

  /** @internal The backend's own actions, where it has them (ActionServer and ActionClient use them). */
  get nativeActions(): NativeActions | undefined {
    return this.#transport.actions;
  }

  getLogger(): Logger {
    return this.#logger;
  }

  getClock(): Clock {
    return this.#clock;
  }

  now(): Time {
    return this.#clock.now();
  }

  /** The full name a topic or service name resolves to for this node (after remapping). */
  resolveName(name: string): string {
    return resolveTopicName(name, this.name, this.namespace, this.#remaps);
  }

  createPublisher<K extends string>(type: K, topic: string, qos?: QoSInput): Publisher<MessageOf<K>> {
    this.#assertAlive();
    const registry = this.context.registry;
    const canonical = registry.definition(type).name!;
    const profile = resolveQos(qos);
    const resolved = this.resolveName(topic);
    const handle = this.#transport.advertise(resolved, canonical, profile);
    const publisher = new Publisher<MessageOf<K>>(resolved, canonical, profile, handle, registry);
    this.#entities.push(publisher);
    return publisher;
  }

  /** rclnodejs order: `(type, topic, options, callback)`; options may be left out. */
  createSubscription<K extends string>(
    type: K,
    topic: string,
    optionsOrCallback: SubscriptionOptions | SubscriptionCallback<MessageOf<K>>,
    maybeCallback?: SubscriptionCallback<MessageOf<K>>,
  ): Subscription<MessageOf<K>> {
    this.#assertAlive();
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
    const options = typeof optionsOrCallback === 'function' ? {} : optionsOrCallback;
    if (!callback) throw new Error(`subscription to '${topic}' needs a callback`);
    const canonical = this.context.registry.definition(type).name!;
    const profile = resolveQos(options.qos);
    const resolved = this.resolveName(topic);
    const subscription = new Subscription<MessageOf<K>>(
      resolved,
      canonical,
      profile,
      callback,
      this.context.executor,
      this.#logger,
    );
    subscription.attach(
      this.#transport.subscribe(resolved, canonical, profile, (message) =>
        subscription.deliver(message as MessageOf<K>),
      ),
    );
    this.#entities.push(subscription);
    return subscription;
  }

  createService<K extends string>(
    type: K,
    name: string,
    callback: ServiceCallback<RequestOf<K>, ResponseOf<K>>,
  ): Service {
    this.#assertAlive();
    this.context.registry.definition(`${type}_Request`);
    const resolved = this.resolveName(name);
    const handler = serviceHandler(
      resolved,
      type,
      callback,
      this.context.executor,
      this.#logger,
      this.context.registry,
    );
    const service = new Service(resolved, type, this.#transport.advertiseService(resolved, type, handler));
    this.#entities.push(service);
    return service;
  }

  createClient<K extends string>(type: K, name: string): Client<RequestOf<K>, ResponseOf<K>> {
    this.#assertAlive();
    this.context.registry.definition(`${type}_Request`);
    return new Client<RequestOf<K>, ResponseOf<K>>(
      this.resolveName(name),
      type,
      this.#transport,
      this.context.registry,
    );
  }

  /** A timer on this node's clock (sim time when `use_sim_time`); the period is in nanoseconds, as in rclnodejs. */
  createTimer(periodNs: bigint, callback: () => unknown): Timer {
    this.#assertAlive();
    const timer = this.context.executor.createTimer(
      this.#clock,
      periodNs,
      callback,
      `timer callback (${periodNs} ns)`,
      this.#logger,
    );
    this.#timers.push(timer);
    return timer;
  }

  destroyTimer(timer: Timer): void {
    this.context.executor.removeTimer(timer);
  }

  declareParameter<T extends ParameterType>(
    name: string,
    descriptor: ParameterDescriptor<T>,
  ): ParameterValueOf<T> {
    return this.#parameters.declare(name, descriptor);
  }

  hasParameter(name: string): boolean {
    return this.#parameters.has(name);
  }

  getParameter<T extends ParameterValue = ParameterValue>(name: string): T {
    return this.#parameters.get<T>(name);
  }

  getParameterNames(): string[] {
    return this.#parameters.names();
  }

  /** Sets parameters atomically after type checks and on-set callbacks; never throws for a rejected value. */
  setParameters(parameters: readonly Parameter[]): SetParametersResult {
    return this.#parameters.set(parameters);
  }

  addOnSetParametersCallback(callback: OnSetParametersCallback): void {
    this.#parameters.addOnSetParametersCallback(callback);
  }

  removeOnSetParametersCallback(callback: OnSetParametersCallback): void {
    this.#parameters.removeOnSetParametersCallback(callback);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const timer of this.#timers) this.context.executor.removeTimer(timer);
    for (const entity of this.#entities) entity.destroy();
    this.#clockSubscription?.destroy();
    this.#transport.destroy();
    this.context.unregisterNode(this);
  }

  get isDestroyed(): boolean {
    return this.#destroyed;
  }

  #publishRosout(record: LogRecord): void {
    if (!this.#rosout || this.#destroyed) return;
    const nanoseconds = record.stampNs % 1_000_000_000n;
    this.#rosout.publish({
      stamp: { sec: Number(record.stampNs / 1_000_000_000n), nanosec: Number(nanoseconds) },
      level: ROSOUT_LEVELS[record.level],
      name: record.name,
      msg: record.message,
      file: '',
      function: '',
      line: 0,
    });
  }

  #assertAlive(): void {
    if (this.#destroyed) throw new Error(`node '${this.fullyQualifiedName}' was destroyed`);
  }

  #setSimTime(enabled: boolean): void {
    this.#clock.setSimTimeEnabled(enabled ? 'sim' : 'wall');
    if (enabled && !this.#clockSubscription) {
      const canonical = 'rosgraph_msgs/msg/Clock';
      const resolved = this.resolveName('/clock');
      const subscription = new Subscription<rosgraph_msgs.msg.Clock>(
        resolved,
        canonical,
        QOS_CLOCK,
        (message) => this.#clock.setSimTimeNs(Time.fromMsg(message.clock).nanoseconds),
        this.context.executor,
        this.#logger,
      );
      subscription.attach(
        this.#transport.subscribe(resolved, canonical, QOS_CLOCK, (m) =>
          subscription.deliver(m as rosgraph_msgs.msg.Clock),
        ),
      );
      this.#clockSubscription = subscription;
    } else if (!enabled && this.#clockSubscription) {
      this.#clockSubscription.destroy();
      this.#clockSubscription = undefined;
    }
  }
}
