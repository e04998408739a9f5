/**
 * Publishes transforms: `TransformBroadcaster` on `/tf`; `StaticTransformBroadcaster` keeps
 * every static transform it was given and republishes the whole set, latched, on `/tf_static`
 * (as tf2_ros does, so late joiners get all of them).
 */
import type { geometry_msgs } from '../../messages/types.generated.ts';
import type { Node } from '../Node.ts';
import type { Publisher } from '../Publisher.ts';
import type { tf2_msgs } from '../../messages/types.generated.ts';

type TransformStamped = geometry_msgs.msg.TransformStamped;

export class TransformBroadcaster {
  readonly #publisher: Publisher<tf2_msgs.msg.TFMessage>;

  constructor(node: Node) {
    this.#publisher = node.createPublisher('tf2_msgs/msg/TFMessage', '/tf', 100);
  }

  sendTransform(transforms: TransformStamped | TransformStamped[]): void {
    this.#publisher.publish({ transforms: Array.isArray(transforms) ? transforms : [transforms] });
  }
}

export class StaticTransformBroadcaster {
  readonly #publisher: Publisher<tf2_msgs.msg.TFMessage>;
  readonly #transforms = new Map<string, TransformStamped>();

  constructor(node: Node) {
    this.#publisher = node.createPublisher('tf2_msgs/msg/TFMessage', '/tf_static', {
      depth: 1,
      durability: 'transient_local',
    });
  }

  sendTransform(transforms: TransformStamped | TransformStamped[]): void {
    for (const transform of Array.isArray(transforms) ? transforms : [transforms]) {
      this.#transforms.set(transform.child_frame_id, transform);
    }
    this.#publisher.publish({ transforms: [...this.#transforms.values()] });
  }
}
