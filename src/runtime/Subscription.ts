/**
 * A typed subscription with a keep-last queue: messages wait in arrival order until the
 * executor runs the callback; when more than `depth` are waiting, the oldest is dropped.
 */
import type { Executor, Work } from './Executor.ts';
import type { Logger } from './Logger.ts';
import type { QoSProfile } from './Qos.ts';
import type { Handle } from './Transport.ts';

export type SubscriptionCallback<T> = (message: T) => unknown;

export class Subscription<T = unknown> {
  readonly #queue: T[] = [];
  readonly #work: Work;
  #handle: Handle | undefined;
  #destroyed = false;
  #dropped = 0;

  constructor(
    readonly topic: string,
    readonly type: string,
    readonly qos: QoSProfile,
    callback: SubscriptionCallback<T>,
    private readonly executor: Executor,
    logger: Logger,
  ) {
    // One Work object per subscription, enqueued once per message: no allocation per delivery.
    this.#work = {
      label: `subscription callback on '${topic}'`,
      logger,
      run: () => {
        const message = this.#queue.shift();
        if (message !== undefined) return callback(message);
      },
    };
  }

  /** @internal Connects the subscription to its transport. */
  attach(handle: Handle): void {
    this.#handle = handle;
  }

  /** @internal Called by the transport for each arriving message. */
  deliver(message: T): void {
    if (this.#destroyed) return;
    this.#queue.push(message);
    if (this.#queue.length > this.qos.depth) {
      this.#queue.shift();
      this.#dropped++;
      return; // the dropped message's pending run now takes the next one
    }
    this.executor.enqueue(this.#work);
  }

  /** Messages dropped because the queue was full (keep-last). */
  get droppedCount(): number {
    return this.#dropped;
  }

  destroy(): void {
    this.#destroyed = true;
    this.#handle?.destroy();
    this.#handle = undefined;
    this.#queue.length = 0;
  }
}
