/** geometry_msgs poses and transforms as three.js matrices. */
import * as THREE from 'three';
import type { geometry_msgs } from '../../messages/types.generated.ts';

export function poseMatrix(pose: geometry_msgs.msg.Pose): THREE.Matrix4 {
  const { position: p, orientation: q } = pose;
  return new THREE.Matrix4().compose(
    new THREE.Vector3(p.x, p.y, p.z),
    new THREE.Quaternion(q.x, q.y, q.z, q.w),
    new THREE.Vector3(1, 1, 1),
  );
}

export function transformMatrix(transform: geometry_msgs.msg.Transform): THREE.Matrix4 {
  const { translation: t, rotation: q } = transform;
  return new THREE.Matrix4().compose(
    new THREE.Vector3(t.x, t.y, t.z),
    new THREE.Quaternion(q.x, q.y, q.z, q.w),
    new THREE.Vector3(1, 1, 1),
  );
}
