/**
 * Camera poses in the optical convention (REP 103 "_optical" frames: x right, y down, z forward)
 * from a position, a heading (yaw about map z) and a downward pitch.
 */
import * as quaternion from '../../src/geometry/quaternion.ts';
import * as so3 from '../../src/geometry/so3.ts';

/** map_R_optical for a camera looking along map +x, level: z_opt = +x, x_opt = −y, y_opt = −z. */
const LEVEL = so3.fromMatrix(new Float64Array(4), [0, 0, 1, -1, 0, 0, 0, -1, 0]);

/** map_T_optical = [x, y, z, qx, qy, qz, qw] looking along `yawRad`, pitched down by `pitchDownRad`. */
export function opticalPose(
  position: readonly [number, number, number],
  yawRad: number,
  pitchDownRad: number,
): Float64Array {
  const yaw = quaternion.fromYaw(new Float64Array(4), yawRad);
  // Pitching down is a rotation about the optical x axis (right) that turns z towards +y (down).
  const pitch = Float64Array.of(-Math.sin(pitchDownRad / 2), 0, 0, Math.cos(pitchDownRad / 2));
  const q = quaternion.compose(
    new Float64Array(4),
    quaternion.compose(new Float64Array(4), yaw, LEVEL),
    pitch,
  );
  return Float64Array.of(position[0], position[1], position[2], q[0]!, q[1]!, q[2]!, q[3]!);
}
