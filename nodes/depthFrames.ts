/**
 * What the nodes that pair detections or images with a registered depth image share (not a node
 * itself): a subscription keeping the last few depth frames in metres (buffers reused) and the
 * pick of the one closest in time to a stamp. A depth image it cannot read is logged and skipped.
 */
import { depthInMetres } from '../src/perception/depthImage.ts';
import type { Node } from '../src/runtime/Node.ts';
import type { sensor_msgs } from '../src/messages/types.generated.ts';
import { Time } from '../src/runtime/Time.ts';

/** Depth frames kept to pair with a message of the same stamp. */
const DEPTH_HISTORY = 4;

export interface DepthFrame {
  readonly stampNs: bigint;
  readonly width: number;
  readonly height: number;
  readonly metres: Float32Array;
}

export interface DepthFrames {
  /** The kept frame nearest to `stampNs` (ties: the newest); undefined before the first. */
  closest(stampNs: bigint): DepthFrame | undefined;
}

export function subscribeDepthFrames(node: Node, topic: string, who: string): DepthFrames {
  const frames: DepthFrame[] = [];
  node.createSubscription(
    'sensor_msgs/msg/Image',
    topic,
    { qos: { reliability: 'best_effort', depth: 2 } },
    (image: sensor_msgs.msg.Image) => {
      try {
        // The oldest frame's buffer is reused once the history is full.
        const recycled = frames.length >= DEPTH_HISTORY ? frames.shift()!.metres : undefined;
        frames.push({
          stampNs: Time.fromMsg(image.header.stamp).nanoseconds,
          width: image.width,
          height: image.height,
          metres: depthInMetres(image, recycled),
        });
      } catch (error) {
        node.getLogger().warn(`${who}: skipping a depth image: ${(error as Error).message}`);
      }
    },
  );
  return {
    closest(stampNs) {
      const gap = (frame: DepthFrame) =>
        frame.stampNs > stampNs ? frame.stampNs - stampNs : stampNs - frame.stampNs;
      let best: DepthFrame | undefined;
      for (const frame of frames) if (!best || gap(frame) <= gap(best)) best = frame;
      return best;
    },
  };
}
