/**
 * Whether a constant body-frame twist, rolled out from pose (x, y, yaw) for `horizonS` in steps of
 * 0.1 s, keeps the robot's centre out of cells costing `collisionCost` or more on a costmap (for a
 * round base, the inflated costmap is its configuration space), and the points of `outline` (what
 * sticks out of the round base: see footprintPolygon.ts) off LETHAL cells. A robot already that
 * close (after a bump, or when the map shifted) may still move where the cost does not rise and
 * no more outline points collide.
 */
import { type Costmap2D, LETHAL_OBSTACLE, NO_INFORMATION } from './Costmap2D.ts';
import { outlineHits } from './footprintPolygon.ts';

const STEP_S = 0.1;
const NO_OUTLINE = new Float64Array(0);

export function rolloutClear(
  costmap: Costmap2D,
  collisionCost: number,
  x: number,
  y: number,
  yaw: number,
  vx: number,
  vy: number,
  wz: number,
  horizonS: number,
  outline: Float64Array = NO_OUTLINE,
): boolean {
  const startCost = costmap.costAt(x, y);
  const startHits = outline.length > 0 ? outlineHits(costmap, outline, x, y, yaw) : 0;
  for (let t = STEP_S; t <= horizonS + 1e-9; t += STEP_S) {
    const c = Math.cos(yaw);
    const s = Math.sin(yaw);
    x += (c * vx - s * vy) * STEP_S;
    y += (s * vx + c * vy) * STEP_S;
    yaw += wz * STEP_S;
    if (!centreMayEnter(costmap.costAt(x, y), startCost, collisionCost)) return false;
    if (outline.length > 0 && outlineHits(costmap, outline, x, y, yaw) > startHits) return false;
  }
  return true;
}

/**
 * Whether the robot's centre, starting on a cell costing `startCost`, may move onto one costing
 * `cost`: below `collisionCost`, or where it is already that close and the cost does not rise.
 */
export function centreMayEnter(cost: number, startCost: number, collisionCost: number): boolean {
  return cost === NO_INFORMATION || cost < collisionCost || (startCost >= cost && cost < LETHAL_OBSTACLE);
}
