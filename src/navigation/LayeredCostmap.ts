/**
 * A costmap made of layers updated in Nav2's fixed order: static (the SLAM map, global costmap
 * only), obstacle (the laser), inflation, then the known obstacles (perceived items below the
 * laser, costly but passable). The global costmap takes the map's extent; the local
 * one is a rolling window of `windowM` centred on the robot, its origin snapped to the grid so
 * cells keep their place as it moves (unknown cells count as free there, as in Nav2's local
 * costmap).
 */
import { Costmap2D, FREE_SPACE, NO_INFORMATION } from './Costmap2D.ts';
import { InflationLayer, type InflationOptions } from './InflationLayer.ts';
import { KnownObstacleLayer } from './KnownObstacleLayer.ts';
import { DEFAULT_OBSTACLE_LAYER, ObstacleLayer, type ObstacleLayerOptions } from './ObstacleLayer.ts';
import { DEFAULT_STATIC_LAYER, StaticLayer, type StaticLayerOptions } from './StaticLayer.ts';

export type CostmapExtent = { readonly kind: 'map' } | { readonly kind: 'rolling'; readonly windowM: number };

export interface LayeredCostmapOptions {
  readonly resolutionM: number;
  readonly extent: CostmapExtent;
  readonly inflation: InflationOptions;
  readonly obstacle?: ObstacleLayerOptions;
  readonly static?: StaticLayerOptions;
}

export class LayeredCostmap {
  readonly master: Costmap2D;
  readonly staticLayer: StaticLayer | undefined;
  readonly obstacleLayer: ObstacleLayer;
  readonly knownObstacleLayer: KnownObstacleLayer;
  readonly inflationLayer: InflationLayer;

  constructor(readonly options: LayeredCostmapOptions) {
    this.master = new Costmap2D(options.resolutionM);
    this.staticLayer =
      options.extent.kind === 'map' ? new StaticLayer(options.static ?? DEFAULT_STATIC_LAYER) : undefined;
    this.obstacleLayer = new ObstacleLayer(options.resolutionM, options.obstacle ?? DEFAULT_OBSTACLE_LAYER);
    this.inflationLayer = new InflationLayer(options.inflation);
    this.knownObstacleLayer = new KnownObstacleLayer(options.inflation.inscribedRadiusM);
  }

  /** Rebuilds the master grid around the robot at (robotX, robotY) from every layer, at `timeS`. */
  update(robotX: number, robotY: number, timeS = 0): Costmap2D {
    const { master, options } = this;
    if (options.extent.kind === 'rolling') {
      const resolution = options.resolutionM;
      const cells = Math.round(options.extent.windowM / resolution);
      const originX = Math.round((robotX - options.extent.windowM / 2) / resolution) * resolution;
      const originY = Math.round((robotY - options.extent.windowM / 2) / resolution) * resolution;
      master.resize(cells, cells, originX, originY, FREE_SPACE);
    } else if (this.staticLayer?.hasMap) {
      this.staticLayer.update(master);
    } else {
      master.resize(0, 0, 0, 0, NO_INFORMATION);
    }
    this.obstacleLayer.update(master, timeS);
    this.inflationLayer.update(master);
    this.knownObstacleLayer.update(master);
    return master;
  }
}
