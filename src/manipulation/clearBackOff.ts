/**
 * How far the base can back straight out (from a shelf it placed into, or to make room for the
 * arm) without coming closer than `clearanceM` to other furniture the house names: these moves go
 * to the base directly, past the collision monitor, and the laser does not see behind the base.
 * Furniture already closer than the clearance at the start may be backed along but not towards.
 */
import type { HousePlace } from '../world/houseDescription.ts';
import { distanceToFootprint } from './placeApproach.ts';

const STEP_M = 0.01;

export function clearBackOffM(
  places: readonly HousePlace[],
  pose: ArrayLike<number>,
  wantedM: number,
  clearanceM: number,
  baseTopM: number,
  options: { except?: HousePlace; inside?: (x: number, y: number) => boolean } = {},
): number {
  const [x0, y0, yaw] = [pose[0]!, pose[1]!, pose[2]!];
  const others = places.filter((p) => p !== options.except && p.position[2] - p.size[2] / 2 < baseTopM);
  const floor = others.map((p) => Math.min(clearanceM, distanceToFootprint(p, x0, y0)) - 1e-9);
  let clear = 0;
  for (let d = STEP_M; d <= wantedM + 1e-9; d += STEP_M) {
    const x = x0 - d * Math.cos(yaw);
    const y = y0 - d * Math.sin(yaw);
    if (options.inside && !options.inside(x, y)) break;
    if (others.some((p, k) => distanceToFootprint(p, x, y) < floor[k]!)) break;
    clear = d;
  }
  return Math.min(clear, wantedM);
}
