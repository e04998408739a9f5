/**
 * Forward kinematics on the URDF's joint tree: the pose of any link relative to the root
 * (base_footprint) for given joint values, as SE(3) [x, y, z, qx, qy, qz, qw]. URDF rpy is
 * fixed-axis roll-pitch-yaw: R = Rz(yaw)·Ry(pitch)·Rx(roll).
 */
import * as quaternion from './quaternion.ts';
import * as se3 from './se3.ts';
import type { UrdfJoint } from './urdf.ts';

function rpyQuaternion(rpy: readonly [number, number, number]): Float64Array {
  const [r, p, y] = rpy;
  const qx = Float64Array.of(Math.sin(r / 2), 0, 0, Math.cos(r / 2));
  const qy = Float64Array.of(0, Math.sin(p / 2), 0, Math.cos(p / 2));
  const qz = Float64Array.of(0, 0, Math.sin(y / 2), Math.cos(y / 2));
  return quaternion.compose(new Float64Array(4), quaternion.compose(new Float64Array(4), qz, qy), qx);
}

export function jointTransform(joint: UrdfJoint, value: number): Float64Array {
  const q = rpyQuaternion(joint.rpy);
  const origin = Float64Array.of(joint.xyz[0], joint.xyz[1], joint.xyz[2], q[0]!, q[1]!, q[2]!, q[3]!);
  if (joint.type === 'fixed') return origin;
  const [ax, ay, az] = joint.axis;
  const motion =
    joint.type === 'prismatic'
      ? Float64Array.of(ax * value, ay * value, az * value, 0, 0, 0, 1)
      : Float64Array.of(
          0,
          0,
          0,
          ax * Math.sin(value / 2),
          ay * Math.sin(value / 2),
          az * Math.sin(value / 2),
          Math.cos(value / 2),
        );
  return se3.compose(origin, origin, motion);
}

/** root_T_link for `link`, with joint values by joint name (missing values are 0). */
export function linkPose(
  joints: ReadonlyMap<string, UrdfJoint>,
  values: ReadonlyMap<string, number>,
  link: string,
): Float64Array {
  const byChild = new Map([...joints.values()].map((j) => [j.child, j]));
  const chain: UrdfJoint[] = [];
  for (let current = byChild.get(link); current; current = byChild.get(current.parent))
    chain.unshift(current);
  if (chain.length === 0 && !byChild.has(link) && ![...joints.values()].some((j) => j.parent === link))
    throw new Error(`URDF has no link '${link}'`);
  const pose = se3.identity();
  for (const joint of chain) se3.compose(pose, pose, jointTransform(joint, values.get(joint.name) ?? 0));
  return pose;
}
