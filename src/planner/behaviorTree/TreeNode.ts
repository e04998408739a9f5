/**
 * The behaviour tree's node contract as BehaviorTree.CPP defines it: a tick answers SUCCESS,
 * FAILURE or RUNNING; a node that was RUNNING and is no longer wanted is halted (its work
 * cancelled) and starts afresh on its next tick. Ports are the node's XML attributes: a value
 * `{key}` reads or writes the blackboard entry `key`, any other value is a literal.
 */
import type { Blackboard } from './Blackboard.ts';

export type Status = 'SUCCESS' | 'FAILURE' | 'RUNNING';
/** A node's state as BehaviorTree.CPP logs it: IDLE before its first tick and after a halt. */
export type NodeStatus = Status | 'IDLE';

/** What a node is built from: its XML element's name, attributes and the blackboard it sees. */
export interface NodeConfig {
  readonly type: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly blackboard: Blackboard;
  /** Milliseconds of the clock the tree runs on (sim time where the robot runs on it). */
  readonly now: () => number;
  /** Told of every change of a node's status (as Nav2's behavior_tree_log reports them). */
  readonly onStatusChange?: (name: string, previous: NodeStatus, current: NodeStatus) => void;
}

const REFERENCE = /^\{([^{}]+)\}$/;

export abstract class TreeNode {
  protected running = false;
  #status: NodeStatus = 'IDLE';

  constructor(readonly config: NodeConfig) {}

  get name(): string {
    return this.config.name;
  }

  tick(): Status {
    const status = this.onTick();
    this.running = status === 'RUNNING';
    this.#setStatus(status);
    return status;
  }

  #setStatus(status: NodeStatus): void {
    if (status === this.#status) return;
    this.config.onStatusChange?.(this.name, this.#status, status);
    this.#status = status;
  }

  /** Stops whatever this node (and its children) are doing; the next tick starts over. */
  halt(): void {
    if (this.running) this.onHalt();
    this.running = false;
    this.#setStatus('IDLE');
  }

  protected abstract onTick(): Status;
  protected onHalt(): void {}

  /** An input port's value: the blackboard entry it names, or its literal text; undefined if absent. */
  input<T = unknown>(port: string): T | undefined {
    const raw = this.config.attributes[port];
    if (raw === undefined) return undefined;
    const reference = REFERENCE.exec(raw);
    return (reference ? this.config.blackboard.get(reference[1]!) : raw) as T | undefined;
  }

  /** An input port that must be given: a clear error naming the node and the port otherwise. */
  requireInput<T = unknown>(port: string): T {
    const value = this.input<T>(port);
    if (value === undefined)
      throw new Error(`${this.config.type} '${this.name}': input port '${port}' has no value`);
    return value;
  }

  /** A numeric input port (a literal or a blackboard number), checked. */
  numberInput(port: string, fallback?: number): number {
    const value = this.input(port) ?? fallback;
    const number = typeof value === 'number' ? value : Number(value);
    if (value === undefined || value === '' || !Number.isFinite(number))
      throw new Error(
        `${this.config.type} '${this.name}': port '${port}' must be a number, got '${String(value)}'`,
      );
    return number;
  }

  /** Writes an output port: its attribute must name a blackboard entry as `{key}`. */
  output(port: string, value: unknown): void {
    const raw = this.config.attributes[port];
    if (raw === undefined) return;
    const reference = REFERENCE.exec(raw);
    if (!reference)
      throw new Error(
        `${this.config.type} '${this.name}': output port '${port}' must be '{key}', got '${raw}'`,
      );
    this.config.blackboard.set(reference[1]!, value);
  }
}

/** A node with children (controls and decorators). */
export abstract class ParentNode extends TreeNode {
  constructor(
    config: NodeConfig,
    readonly children: readonly TreeNode[],
  ) {
    super(config);
  }

  protected haltChildren(from = 0): void {
    for (let k = from; k < this.children.length; k++) this.children[k]!.halt();
  }

  protected override onHalt(): void {
    this.haltChildren();
  }
}
