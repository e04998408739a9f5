/** Navigation after Nav2: layered costmaps, a cost-aware grid planner, a holonomic controller, recoveries and a collision monitor. */
export {
  Costmap2D,
  FREE_SPACE,
  INSCRIBED_INFLATED_OBSTACLE,
  LETHAL_OBSTACLE,
  NO_INFORMATION,
} from './Costmap2D.ts';
export {
  StaticLayer,
  DEFAULT_STATIC_LAYER,
  type OccupancyGridData,
  type StaticLayerOptions,
} from './StaticLayer.ts';
export { ObstacleLayer, DEFAULT_OBSTACLE_LAYER, type ObstacleLayerOptions } from './ObstacleLayer.ts';
export { KnownObstacleLayer } from './KnownObstacleLayer.ts';
export { InflationLayer, inflationCost, type InflationOptions } from './InflationLayer.ts';
export { LayeredCostmap, type CostmapExtent, type LayeredCostmapOptions } from './LayeredCostmap.ts';
export {
  GridPlanner,
  DEFAULT_GRID_PLANNER,
  type GridPlannerOptions,
  type PlanResult,
} from './GridPlanner.ts';
export { Path2D } from './Path2D.ts';
export {
  MovingObstacleTracker,
  DEFAULT_MOVING_OBSTACLE_TRACKER,
  type MovingObstacle,
  type MovingObstacleTrackerOptions,
} from './MovingObstacleTracker.ts';
export {
  HolonomicPursuitController,
  DEFAULT_CONTROLLER,
  type BaseLimits,
  type ControllerOptions,
  type ControlResult,
  type Twist2D,
} from './HolonomicPursuitController.ts';
export {
  CollisionMonitor,
  type CollisionMonitorOptions,
  type MonitorResult,
  type SpeedLimit,
} from './CollisionMonitor.ts';
export { ProgressChecker } from './ProgressChecker.ts';
export {
  NavigateToPoseTask,
  DEFAULT_NAVIGATION_TASK,
  type NavigationFailure,
  type NavigationTaskOptions,
  type Recovery,
  type TaskStep,
} from './NavigateToPoseTask.ts';
export { footprintRadiusFromUrdf } from './footprint.ts';
export { parseFootprint, footprintOutline, footprintProblem, outlineHits } from './footprintPolygon.ts';
export { scanRays, type ScanGeometry } from './scanRays.ts';
