export * as quaternion from './quaternion.ts';
export * as so2 from './so2.ts';
export * as se2 from './se2.ts';
export * as so3 from './so3.ts';
export * as se3 from './se3.ts';
export * as matrix from './matrix.ts';
export * as kinematics from './kinematics.ts';
export { parseUrdf, type UrdfJoint } from './urdf.ts';
