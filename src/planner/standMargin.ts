/**
 * How far the base's edge stands from furniture at a stand the planner sends the navigator to
 * (m): the navigator settles within a centimetre of a goal, localization is off by 1–3 cm, and the
 * bumper gives at 8 mm. The manipulator closes the rest itself, guarded by the laser.
 */
export const STAND_MARGIN_M = 0.05;
