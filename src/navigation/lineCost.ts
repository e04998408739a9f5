/**
 * The planner's cost of the straight segment between two cell centres: its length (cells) times
 * the mean step factor of the cells it crosses (Bresenham), or Infinity when any is impassable.
 */
import type { Costmap2D } from './Costmap2D.ts';

export interface StepCost {
  stepFactor(cost: number): number;
}

export function lineCost(costmap: Costmap2D, from: number, to: number, planner: StepCost): number {
  const { width, costs } = costmap;
  let x = from % width;
  let y = (from - x) / width;
  const x1 = to % width;
  const y1 = (to - x1) / width;
  const dx = Math.abs(x1 - x);
  const dy = Math.abs(y1 - y);
  const sx = x < x1 ? 1 : -1;
  const sy = y < y1 ? 1 : -1;
  let error = dx - dy;
  let sum = 0;
  let count = 0;
  for (;;) {
    const factor = planner.stepFactor(costs[y * width + x]!);
    if (!Number.isFinite(factor)) return Infinity;
    if (count > 0 || (x === x1 && y === y1)) sum += factor;
    count++;
    if (x === x1 && y === y1) break;
    const e2 = 2 * error;
    if (e2 > -dy) {
      error -= dy;
      x += sx;
    }
    if (e2 < dx) {
      error += dx;
      y += sy;
    }
  }
  const steps = Math.max(1, count - 1);
  return Math.hypot(dx, dy) * (sum / steps);
}
