/**
 * A typed publisher. Every message is validated against its ROS type before it leaves the
 * node, so a malformed message is rejected at the source with the offending field named.
 */
import type { MessageRegistry } from './messages/MessageRegistry.ts';
import type { QoSProfile } from './Qos.ts';
import type { PublisherHandle } from './Transport.ts';

export class Publisher<T = unknown> {
  #active = true;

  constructor(
    readonly topic: string,
    readonly type: string,
    readonly qos: QoSProfile,
    private readonly handle: PublisherHandle,
    private readonly registry: MessageRegistry,
  ) {}

  publish(message: T): void {
    if (!this.#active) throw new Error(`publisher on '${this.topic}' was destroyed`);
    this.registry.validate(this.type, message);
    this.handle.publish(message);
  }

  /** Number of matched subscriptions (like rclnodejs' `subscriptionCount`). */
  get subscriptionCount(): number {
    return this.handle.subscriptionCount();
  }

  destroy(): void {
    if (!this.#active) return;
    this.#active = false;
    this.handle.destroy();
  }
}
