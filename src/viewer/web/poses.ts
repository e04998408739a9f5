/** geometry_msgs poses and transforms as three.js matrices. */
import * as THREE from 'three';
import type { geometry_msgs } from '../../messages/types.generated.ts';

type XYZ = { x: number; y: number; z: number };
type XYZW = XYZ & { w: number };

function matrix(p: XYZ, q: XYZW): THREE.Matrix4 {
  return new THREE.Matrix4().compose(
    new THREE.Vector3(p.x, p.y, p.z),
    new THREE.Quaternion(q.x, q.y, q.z, q.w),
    new THREE.Vector3(1, 1, 1),
  );
}

export const poseMatrix = (pose: geometry_msgs.msg.Pose) => matrix(pose.position, pose.orientation);

export const transformMatrix = (transform: geometry_msgs.msg.Transform) =>
  matrix(transform.translation, transform.rotation);
