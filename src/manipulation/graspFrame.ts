/**
 * A grasp candidate as a pose in the map: at its grip point (or the cup's face), z along the
 * approach and y along the jaws' closing direction, as hand_palm_link is when it takes the grasp.
 */
import * as so3 from '../geometry/so3.ts';
import type { GraspCandidate } from './analyticGrasp.ts';

/** [x, y, z, qx, qy, qz, qw]; a cup's y is map y turned into the plane across its approach. */
export function graspFrame(candidate: GraspCandidate): Float64Array {
  const z = candidate.approach;
  const y = candidate.closing ?? perpendicular(z);
  const x = [y[1]! * z[2] - y[2]! * z[1], y[2]! * z[0] - y[0]! * z[2], y[0]! * z[1] - y[1]! * z[0]];
  const q = so3.fromMatrix(new Float64Array(4), [x[0]!, y[0]!, z[0], x[1]!, y[1]!, z[1], x[2]!, y[2]!, z[2]]);
  const p = candidate.position;
  return Float64Array.of(p[0], p[1], p[2], q[0]!, q[1]!, q[2]!, q[3]!);
}

function perpendicular(z: readonly [number, number, number]): [number, number, number] {
  // Map y with its part along z taken out (map x when z is along y).
  const along = z[1];
  const y: [number, number, number] =
    Math.abs(along) > 0.99 ? [1, 0, 0] : [-along * z[0], 1 - along * z[1], -along * z[2]];
  const norm = Math.hypot(...y);
  return [y[0] / norm, y[1] / norm, y[2] / norm];
}
