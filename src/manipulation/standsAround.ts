/**
 * Stands for the base around an item, for when the one whole-body IK planned is against furniture
 * (an item on a sofa or a table is reached over the edge nearest to it): facing the item from
 * `sides` directions at each of `reachesM`, clear of the furniture the house names, within
 * `maxTravelM` of where the base is, nearest first. And whether the base's straight drive from
 * one stand to another keeps off the furniture and off the item (the manipulator drives its last
 * metre straight, without planning).
 */
import type { HousePlace } from '../world/houseDescription.ts';
import { furnitureInWay } from './clearStand.ts';

export interface StandsAroundOptions {
  readonly reachesM: readonly number[];
  readonly sides: number;
  /** The base's radius plus the gap it keeps to furniture (m). */
  readonly clearanceM: number;
  readonly baseTopM: number;
  readonly maxTravelM: number;
}

export function standsAround(
  places: readonly HousePlace[],
  item: readonly [number, number],
  from: readonly [number, number],
  o: StandsAroundOptions,
): Array<readonly [number, number, number]> {
  const away = (p: readonly [number, number, number]) => Math.hypot(p[0] - from[0], p[1] - from[1]);
  return o.reachesM
    .flatMap((reach) =>
      Array.from({ length: o.sides }, (_, k) => {
        const theta = (2 * Math.PI * k) / o.sides;
        return [
          item[0] + reach * Math.cos(theta),
          item[1] + reach * Math.sin(theta),
          theta + Math.PI,
        ] as const;
      }),
    )
    .filter((p) => away(p) <= o.maxTravelM && !furnitureInWay(places, p[0], p[1], o.clearanceM, o.baseTopM))
    .sort((a, b) => away(a) - away(b));
}

/**
 * Whether the base (radius `baseRadiusM`) driving straight from `from` to `to` keeps off furniture
 * reaching below `baseTopM`, and `itemClearanceM` from an item on the floor (`item`, its z below
 * the base's top; undefined for none).
 */
export function straightDriveClear(
  places: readonly HousePlace[],
  from: readonly [number, number],
  to: readonly [number, number],
  baseRadiusM: number,
  baseTopM: number,
  item?: readonly [number, number, number],
  itemClearanceM = baseRadiusM,
): boolean {
  const samples = Math.max(2, Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1]) / 0.05));
  for (let k = 1; k < samples; k++) {
    const x = from[0] + ((to[0] - from[0]) * k) / samples;
    const y = from[1] + ((to[1] - from[1]) * k) / samples;
    if (furnitureInWay(places, x, y, baseRadiusM, baseTopM)) return false;
    if (item && item[2] < baseTopM && Math.hypot(x - item[0], y - item[1]) < itemClearanceM) return false;
  }
  return true;
}
