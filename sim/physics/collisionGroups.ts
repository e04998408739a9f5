/**
 * Rapier interaction groups (membership in the high 16 bits, filter in the low 16; two colliders
 * interact when each one's membership meets the other's filter): the robot's own parts (base,
 * palm, fingers, cup) do not collide with each other, and the robot's sensors and base
 * controller look past them.
 */
const HAND_BIT = 0x0002;
const BASE_BIT = 0x0004;
const CLOTH_LAYER_BIT = 0x0008;
const ALL = 0xffff;
const ROBOT = HAND_BIT | BASE_BIT;

/** The hand's parts: collide with everything but the robot. */
export const ROBOT_GROUPS = (HAND_BIT << 16) | (ALL & ~ROBOT);
/** The base: collides with everything but the robot and a cloth's flat layer, which it rolls over. */
export const BASE_GROUPS = (BASE_BIT << 16) | (ALL & ~(ROBOT | CLOTH_LAYER_BIT));
/**
 * A cloth's flat layer: collides with everything but the base (its 1 cm of clearance squashes
 * cloth; a rigid flap wedged under the kinematic base was driven into the floor).
 */
export const CLOTH_LAYER_GROUPS = (CLOTH_LAYER_BIT << 16) | (ALL & ~BASE_BIT);
/** For queries (rays, shape casts) that must not see the robot. */
export const NOT_ROBOT_QUERY = (ALL << 16) | (ALL & ~ROBOT);
