/**
 * One process' share of the ROS graph, like rclnodejs' `init()`: the transport (backend),
 * the executor every node's callbacks run on, the message registry, the global
 * `--ros-args`, and the nodes created in it.
 *
 * The backend comes from the `backend` option, else `KATAZUKE_BACKEND` (`local` | `ros2`),
 * else `hub` when `KATAZUKE_HUB` names a launcher's hub socket, else `local`.
 */
import { Executor } from './Executor.ts';
import { stderrSink, type LogLevel, type LogSink } from './Logger.ts';
import { messageRegistry, type MessageRegistry } from './messages/MessageRegistry.ts';
import { Node, type NodeOptions } from './Node.ts';
import { parseRosArgs, type RosArgs } from './rosArgs.ts';
import { LocalTransport } from './backends/local/LocalBus.ts';
import type { Transport } from './Transport.ts';

export type BackendName = 'local' | 'hub' | 'ros2';
export const BACKEND_NAMES: readonly BackendName[] = ['local', 'hub', 'ros2'];

export interface ContextOptions {
  readonly backend?: BackendName;
  /** Command-line arguments; only the `--ros-args` section is used. */
  readonly argv?: readonly string[];
  readonly logSinks?: readonly LogSink[];
  /** Hub socket path for the `hub` backend (default `KATAZUKE_HUB`). */
  readonly hubAddress?: string;
}

export function chooseBackend(
  requested: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): BackendName {
  const name = requested ?? env.KATAZUKE_BACKEND ?? (env.KATAZUKE_HUB ? 'hub' : 'local');
  if (!(BACKEND_NAMES as readonly string[]).includes(name))
    throw new Error(
      `unknown backend '${name}' (from ${requested ? 'the backend option' : 'KATAZUKE_BACKEND'}): use ${BACKEND_NAMES.join(', ')}`,
    );
  return name as BackendName;
}

/** Context-level warnings to these sinks; made from the options alone, so a transport built before its context can use it. */
function warningsTo(sinks: readonly LogSink[]): (message: string) => void {
  return (message) => {
    const stampNs = BigInt(Date.now()) * 1_000_000n;
    for (const sink of sinks) sink({ level: 'warn', name: 'katazuke', message, stampNs });
  };
}

function sinksOf(options: ContextOptions): readonly LogSink[] {
  return options.logSinks ?? [stderrSink];
}

export class Context {
  readonly executor = new Executor();
  readonly registry: MessageRegistry = messageRegistry();
  readonly rosArgs: RosArgs;
  readonly logLevel: LogLevel;
  readonly logSinks: readonly LogSink[];
  readonly warn: (message: string) => void;
  readonly #nodes = new Set<Node>();
  #shutdown = false;

  private constructor(
    readonly transport: Transport,
    options: ContextOptions,
  ) {
    this.rosArgs = parseRosArgs(options.argv ?? []);
    this.logLevel = this.rosArgs.logLevel ?? 'info';
    this.logSinks = sinksOf(options);
    this.warn = warningsTo(this.logSinks);
  }

  /** A context on the in-process bus (synchronous; what tests and composed launches use). */
  static local(options: Omit<ContextOptions, 'backend'> = {}): Context {
    return new Context(new LocalTransport(warningsTo(sinksOf(options))), options);
  }

  static async create(options: ContextOptions = {}): Promise<Context> {
    const backend = chooseBackend(options.backend);
    switch (backend) {
      case 'local':
        return Context.local(options);
      case 'hub': {
        const { HubTransport } = await import('./backends/hub/HubTransport.ts');
        const address = options.hubAddress ?? process.env.KATAZUKE_HUB;
        if (!address)
          throw new Error(
            'the hub backend needs a hub address (KATAZUKE_HUB), which `katazuke launch --isolated` sets',
          );
        return new Context(await HubTransport.connect(address, warningsTo(sinksOf(options))), options);
      }
      case 'ros2': {
        const { Ros2Transport } = await import('./backends/ros2/Ros2Transport.ts');
        const warn = warningsTo(sinksOf(options));
        return new Context(await Ros2Transport.create(options.argv ?? [], warn), options);
      }
    }
  }

  createNode(name: string, options: NodeOptions = {}): Node {
    if (this.#shutdown) throw new Error('cannot create a node: the context was shut down');
    return new Node(name, this, options);
  }

  /** @internal */
  registerNode(node: Node): void {
    this.#nodes.add(node);
  }

  /** @internal */
  unregisterNode(node: Node): void {
    this.#nodes.delete(node);
  }

  get nodes(): Node[] {
    return [...this.#nodes];
  }

  spin(): void {
    this.executor.spin();
  }

  spinSome(): number {
    return this.executor.spinSome();
  }

  get isShutdown(): boolean {
    return this.#shutdown;
  }

  async shutdown(): Promise<void> {
    if (this.#shutdown) return;
    this.#shutdown = true;
    this.executor.stop();
    for (const node of [...this.#nodes]) node.destroy();
    await this.transport.close();
  }
}
