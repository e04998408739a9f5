/** Fills a TransformBuffer from `/tf` and the latched `/tf_static`, like tf2_ros' listener. */
import type { Node } from '../Node.ts';
import type { Subscription } from '../Subscription.ts';
import { TransformBuffer } from './TransformBuffer.ts';

export class TransformListener {
  readonly #subscriptions: Subscription[];

  constructor(
    node: Node,
    readonly buffer: TransformBuffer = new TransformBuffer(),
  ) {
    const store =
      (kind: 'dynamic' | 'static') =>
      (message: { transforms: Parameters<TransformBuffer['setTransform']>[0][] }) => {
        for (const transform of message.transforms) {
          try {
            buffer.setTransform(transform, kind);
          } catch (error) {
            node
              .getLogger()
              .warn(
                `ignoring a transform on ${kind === 'static' ? '/tf_static' : '/tf'}: ${(error as Error).message}`,
              );
          }
        }
      };
    this.#subscriptions = [
      node.createSubscription('tf2_msgs/msg/TFMessage', '/tf', { qos: { depth: 100 } }, store('dynamic')),
      node.createSubscription(
        'tf2_msgs/msg/TFMessage',
        '/tf_static',
        { qos: { depth: 100, durability: 'transient_local' } },
        store('static'),
      ),
    ];
  }

  destroy(): void {
    for (const subscription of this.#subscriptions) subscription.destroy();
  }
}
