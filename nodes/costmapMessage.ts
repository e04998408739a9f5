/** A costmap as nav_msgs/OccupancyGrid, with Nav2's cost translation (0 free … 99 inscribed, 100 lethal, -1 unknown). */
import type { nav_msgs } from '../src/messages/types.generated.ts';
import type { Costmap2D } from '../src/navigation/index.ts';

const TRANSLATION = Int8Array.from({ length: 256 }, (_, cost) =>
  cost === 0
    ? 0
    : cost === 253
      ? 99
      : cost === 254
        ? 100
        : cost === 255
          ? -1
          : 1 + Math.floor((97 * (cost - 1)) / 251),
);

export function costmapMessage(
  costmap: Costmap2D,
  frameId: string,
  stamp: { sec: number; nanosec: number },
): nav_msgs.msg.OccupancyGrid {
  const data = new Int8Array(costmap.width * costmap.height);
  for (let k = 0; k < data.length; k++) data[k] = TRANSLATION[costmap.costs[k]!]!;
  return {
    header: { stamp, frame_id: frameId },
    info: {
      map_load_time: stamp,
      resolution: costmap.resolutionM,
      width: costmap.width,
      height: costmap.height,
      origin: {
        position: { x: costmap.originX, y: costmap.originY, z: 0 },
        orientation: { x: 0, y: 0, z: 0, w: 1 },
      },
    },
    data,
  };
}
