/**
 * Where the base may stand to pick an item up: on rings of directions `standoffM` from it and
 * further out (the manipulator closes the rest), facing it, the base's disc clear of every place
 * of the house (inflated by `marginM`) and of the other known items; the nearest ring first, and
 * on each the side nearest to the robot first. The navigator still checks each against its
 * costmap (walls, things the house description does not name) and refuses an occupied one.
 */
import { distanceToFootprint } from '../manipulation/placeApproach.ts';
import type { HousePlace } from '../world/houseDescription.ts';

const DIRECTIONS = 16;
/** Rings beyond the standoff (m). */
const FURTHER_M = [0, 0.2, 0.4];

export function itemApproaches(
  item: readonly [number, number],
  robot: readonly [number, number],
  options: {
    readonly standoffM: number;
    readonly baseRadiusM: number;
    readonly marginM: number;
    readonly places: readonly HousePlace[];
    readonly otherItems: readonly (readonly [number, number])[];
  },
): Array<readonly [number, number, number]> {
  const clearance = options.baseRadiusM + options.marginM;
  const poses: Array<{ pose: readonly [number, number, number]; distance: number }> = [];
  for (const further of FURTHER_M)
    for (let k = 0; k < DIRECTIONS; k++) {
      const theta = (2 * Math.PI * k) / DIRECTIONS;
      const radius = options.standoffM + further;
      const x = item[0] + Math.cos(theta) * radius;
      const y = item[1] + Math.sin(theta) * radius;
      if (options.places.some((place) => distanceToFootprint(place, x, y) < clearance)) continue;
      if (options.otherItems.some(([ox, oy]) => Math.hypot(ox - x, oy - y) < options.baseRadiusM)) continue;
      poses.push({
        pose: [x, y, Math.atan2(item[1] - y, item[0] - x)],
        // Rings first, then nearness to the robot.
        distance: further * 100 + Math.hypot(x - robot[0], y - robot[1]),
      });
    }
  return poses.sort((a, b) => a.distance - b.distance).map((p) => p.pose);
}
