/**
 * Obstacles the robot knows of but its laser cannot see: the items on the floor, lower than the
 * laser's plane, that the world model has perceived (Nav2 would take them as a point-cloud
 * observation source). Each update replaces the last set of points wholesale, so a picked item
 * stops blocking at once; the cells under the points are LETHAL and inflated like any obstacle.
 */
import { LETHAL_OBSTACLE, type Costmap2D } from './Costmap2D.ts';

export class KnownObstacleLayer {
  #points = new Float64Array(0);
  #count = 0;

  /** Replaces the known obstacles with `count` (x, y) points in the costmap's frame. */
  setPoints(xy: Float64Array, count: number): void {
    if (this.#points.length < 2 * count) this.#points = new Float64Array(2 * count);
    this.#points.set(xy.subarray(0, 2 * count));
    this.#count = count;
  }

  update(master: Costmap2D): void {
    const points = this.#points;
    for (let k = 0; k < this.#count; k++) {
      const index = master.index(points[2 * k]!, points[2 * k + 1]!);
      if (index >= 0) master.costs[index] = LETHAL_OBSTACLE;
    }
  }
}
