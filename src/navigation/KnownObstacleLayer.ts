/**
 * Obstacles the robot knows of but its laser cannot see: the items on the floor, lower than the
 * laser's plane, that the world model has perceived (Nav2 would take them as a point-cloud
 * observation source). Each update replaces the last set of points wholesale, so a picked item
 * stops counting at once. They cost much but do not block: a disc of the robot's radius around
 * each point gets `cost` (below Nav2's inscribed 253), so the planner drives around items where
 * the room allows, while a floor strewn with them (forty items in a living room) still leaves a
 * way to every piece of furniture.
 */
import type { Costmap2D } from './Costmap2D.ts';

export class KnownObstacleLayer {
  #points = new Float64Array(0);
  #count = 0;

  constructor(
    readonly radiusM: number,
    readonly cost = 252,
  ) {}

  /** Replaces the known obstacles with `count` (x, y) points in the costmap's frame. */
  setPoints(xy: Float64Array, count: number): void {
    if (this.#points.length < 2 * count) this.#points = new Float64Array(2 * count);
    this.#points.set(xy.subarray(0, 2 * count));
    this.#count = count;
  }

  update(master: Costmap2D): void {
    const points = this.#points;
    const reach = Math.ceil(this.radiusM / master.resolutionM);
    const costs = master.costs;
    for (let k = 0; k < this.#count; k++) {
      const column = master.column(points[2 * k]!);
      const row = master.row(points[2 * k + 1]!);
      for (let dr = -reach; dr <= reach; dr++)
        for (let dc = -reach; dc <= reach; dc++) {
          const c = column + dc;
          const r = row + dr;
          if (c < 0 || r < 0 || c >= master.width || r >= master.height) continue;
          if ((dc * dc + dr * dr) * master.resolutionM ** 2 > this.radiusM ** 2) continue;
          const index = r * master.width + c;
          if (costs[index]! < this.cost) costs[index] = this.cost;
        }
    }
  }
}
