/** The ROS message types as plain TypeScript data, generated from the interface definitions; no runtime code. */
export type * from './types.generated.ts';
