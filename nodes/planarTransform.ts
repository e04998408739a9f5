/** geometry_msgs Transform/Pose ↔ planar poses [x, y, yaw] (m, rad), for the 2D nodes. */
import * as se2 from '../src/geometry/se2.ts';
import type { geometry_msgs } from '../src/messages/types.generated.ts';

export function planar({ translation: t, rotation: q }: geometry_msgs.msg.Transform): Float64Array {
  return se2.fromSe3(new Float64Array(3), [t.x, t.y, t.z, q.x, q.y, q.z, q.w]);
}

export function planarPose({ position: p, orientation: q }: geometry_msgs.msg.Pose): Float64Array {
  return se2.fromSe3(new Float64Array(3), [p.x, p.y, p.z, q.x, q.y, q.z, q.w]);
}

export function poseMessage(x: number, y: number, yaw: number): geometry_msgs.msg.Pose {
  return {
    position: { x, y, z: 0 },
    orientation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) },
  };
}
