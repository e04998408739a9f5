/**
 * What a node that reads a detector's class ids shares (not a node itself): a subscription to its
 * latched vision_msgs/LabelInfo, keeping the latest map from class_id (as Detection2D's
 * ObjectHypothesis carries it, a string) to class name.
 */
import type { Node } from '../src/runtime/Node.ts';

export function subscribeLabelInfo(
  node: Node,
  topic: string,
): { latest(): ReadonlyMap<string, string> | undefined } {
  let names: Map<string, string> | undefined;
  node.createSubscription(
    'vision_msgs/msg/LabelInfo',
    topic,
    { qos: { durability: 'transient_local', depth: 1 } },
    (info) => (names = new Map(info.class_map.map((c) => [String(c.class_id), c.class_name]))),
  );
  return { latest: () => names };
}
