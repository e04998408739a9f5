/**
 * Where the base may stand to put something in or on a place: facing each side of its footprint
 * things are put from (a shelf's front only),
 * `clearanceM` out from it, at a few points along the side (its middle, the point across from the
 * robot and the quarter points), so one blocked spot (a chair, an item, a wall) leaves others.
 * Nearest to the robot first; the navigator checks each against its costmap.
 */
import { furnitureInWay } from '../manipulation/clearStand.ts';
import { PLACE_STAND_GAP_M } from '../manipulation/placeApproach.ts';
import { insideRoom, openSides, type House, type HousePlace } from '../world/houseDescription.ts';
import { STAND_MARGIN_M } from './standMargin.ts';

const ALONG = [0, -0.5, 0.5];

export function placeStands(
  place: HousePlace,
  robot: readonly [number, number],
  clearanceM: number,
): Array<readonly [number, number, number]> {
  const [cx, cy] = place.position;
  const c = Math.cos(place.yaw);
  const s = Math.sin(place.yaw);
  const half = [place.size[0] / 2, place.size[1] / 2];
  const rx = c * (robot[0] - cx) + s * (robot[1] - cy);
  const ry = -s * (robot[0] - cx) + c * (robot[1] - cy);
  const stands: Array<{ pose: readonly [number, number, number]; distance: number }> = [];
  for (const [axis, sign] of openSides(place)) {
    const other = 1 - axis;
    const across = Math.max(-half[other]!, Math.min(half[other]!, other === 0 ? rx : ry));
    for (const lateral of [across, ...ALONG.map((f) => f * half[other]!)]) {
      const local =
        axis === 0 ? [sign * (half[0]! + clearanceM), lateral] : [lateral, sign * (half[1]! + clearanceM)];
      const x = cx + c * local[0]! - s * local[1]!;
      const y = cy + s * local[0]! + c * local[1]!;
      // Facing the footprint squarely.
      const yaw = Math.atan2(
        -(s * (axis === 0 ? sign : 0) + c * (axis === 1 ? sign : 0)),
        -(c * (axis === 0 ? sign : 0) - s * (axis === 1 ? sign : 0)),
      );
      if (stands.some((other) => Math.hypot(other.pose[0] - x, other.pose[1] - y) < 0.05)) continue;
      stands.push({ pose: [x, y, yaw], distance: Math.hypot(x - robot[0], y - robot[1]) });
    }
  }
  return stands.sort((a, b) => a.distance - b.distance).map((stand) => stand.pose);
}

/**
 * `placeStands` a base of `baseRadiusM` can stand at: inside the room and clear of the other
 * furniture, and so is the spot the manipulator drives on to, just clear of the side (a chair
 * before a desk leaves the stand behind it clear, and the place failed there).
 */
export function clearPlaceStands(
  house: House,
  place: HousePlace,
  robot: readonly [number, number],
  clearanceM: number,
  baseRadiusM: number,
): Array<readonly [number, number, number]> {
  const margin = baseRadiusM + STAND_MARGIN_M;
  const driveInM = clearanceM - (baseRadiusM + PLACE_STAND_GAP_M);
  const clear = (x: number, y: number) => !furnitureInWay(house.places, x, y, margin, Infinity, place);
  return placeStands(place, robot, clearanceM).filter(
    ([x, y, yaw]) =>
      insideRoom(house, x, y, margin) &&
      clear(x, y) &&
      clear(x + driveInM * Math.cos(yaw), y + driveInM * Math.sin(yaw)),
  );
}
