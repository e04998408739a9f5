/**
 * The room as the robot could know it at best: walls and furniture footprints (from the world
 * description, not from sensors) as LETHAL cells of a costmap at the navigator's resolution, with
 * the squared distance (cells²) from every cell to the nearest obstacle, for goal sampling and
 * shortest paths at the robot's clearance.
 */
import { Costmap2D, LETHAL_OBSTACLE } from '../../../src/navigation/Costmap2D.ts';
import { DistanceTransform } from '../../../src/navigation/distanceTransform.ts';
import { furnitureFootprint } from '../../../sim/world/furnitureFootprint.ts';
import type { World } from '../../../sim/world/World.ts';

export interface GroundTruthMap {
  readonly costmap: Costmap2D;
  /** Distance (m) from each cell centre to the nearest obstacle cell. */
  readonly clearanceM: Float64Array;
}

export function groundTruthMap(world: World, resolutionM: number): GroundTruthMap {
  const margin = 0.2;
  const width = Math.ceil((world.room.width + 2 * margin) / resolutionM);
  const height = Math.ceil((world.room.depth + 2 * margin) / resolutionM);
  const costmap = new Costmap2D(resolutionM, width, height, -margin, -margin);
  const footprints = world.furniture.map(furnitureFootprint);
  for (let r = 0; r < height; r++)
    for (let c = 0; c < width; c++) {
      const x = costmap.cellX(c);
      const y = costmap.cellY(r);
      const wall = x < 0 || y < 0 || x > world.room.width || y > world.room.depth;
      const furniture = footprints.some((f) => Math.abs(x - f.x) <= f.hx && Math.abs(y - f.y) <= f.hy);
      if (wall || furniture) costmap.costs[r * width + c] = LETHAL_OBSTACLE;
    }
  const squared = new DistanceTransform().compute(
    new Float64Array(width * height),
    width,
    height,
    (k) => costmap.costs[k] === LETHAL_OBSTACLE,
  );
  return { costmap, clearanceM: squared.map((d2) => Math.sqrt(d2) * resolutionM) };
}
