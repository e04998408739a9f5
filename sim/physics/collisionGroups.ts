/**
 * Rapier interaction groups (membership in the high 16 bits, filter in the low 16): the robot's
 * own parts (base, palm, fingers, cup) do not collide with each other, and the robot's sensors
 * and base controller look past them.
 */
const ROBOT_BIT = 0x0002;
const ALL = 0xffff;

/** Membership: robot; collides with everything but the robot. */
export const ROBOT_GROUPS = (ROBOT_BIT << 16) | (ALL & ~ROBOT_BIT);
/** For queries (rays, shape casts) that must not see the robot. */
export const NOT_ROBOT_QUERY = (ALL << 16) | (ALL & ~ROBOT_BIT);
