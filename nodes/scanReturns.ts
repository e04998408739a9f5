/**
 * A /scan subscription for a node that guards the base's moves (not a node itself), as
 * depthFrames.ts is for depth: the latest scan's returns as x, y points in the base frame
 * (buffers reused) and when it came. A scan it cannot use is logged and skipped.
 */
import { scanRays } from '../src/navigation/index.ts';
import type { Node } from '../src/runtime/Node.ts';
import type { TransformListener } from '../src/runtime/tf/TransformListener.ts';
import { planar } from './planarTransform.ts';

export interface ScanReturns {
  /** x, y pairs (base frame, m) of the latest scan's hits; only the first `count` are valid. */
  readonly points: Float64Array;
  readonly count: number;
  /** When it came (node clock, s); -Infinity before the first. */
  readonly receivedS: number;
}

export function subscribeScanReturns(
  node: Node,
  listener: TransformListener,
  baseFrame: string,
  topic = '/scan',
): ScanReturns {
  const latest = { points: new Float64Array(0), count: 0, receivedS: -Infinity };
  let rayPoints = new Float64Array(0);
  let hits = new Uint8Array(0);
  const log = node.getLogger();
  node.createSubscription(
    'sensor_msgs/msg/LaserScan',
    topic,
    { qos: { reliability: 'best_effort' } },
    (scan) => {
      try {
        if (scan.ranges.length === 0 || scan.angle_increment === 0) throw new Error('it has no usable beams');
        const base_T_laser = planar(
          listener.buffer.lookupTransform(baseFrame, scan.header.frame_id).transform,
        );
        if (rayPoints.length < 2 * scan.ranges.length) {
          rayPoints = new Float64Array(2 * scan.ranges.length);
          latest.points = new Float64Array(2 * scan.ranges.length);
          hits = new Uint8Array(scan.ranges.length);
        }
        const rays = scanRays(
          scan.ranges,
          {
            angleMin: scan.angle_min,
            angleIncrement: scan.angle_increment,
            rangeMin: scan.range_min,
            rangeMax: scan.range_max,
          },
          base_T_laser,
          scan.range_max,
          rayPoints,
          hits,
        );
        let count = 0;
        for (let k = 0; k < rays; k++) {
          if (hits[k] !== 1) continue;
          latest.points[2 * count] = rayPoints[2 * k]!;
          latest.points[2 * count + 1] = rayPoints[2 * k + 1]!;
          count++;
        }
        latest.count = count;
        latest.receivedS = node.now().seconds;
      } catch (error) {
        log.warn(`skipping a scan: ${(error as Error).message}`);
      }
    },
  );
  return latest;
}
