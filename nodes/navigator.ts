/**
 * navigator: navigation after Nav2, in one node (as Nav2's composed bringup): the global costmap
 * (static layer from /map, obstacle layer from /scan, inflation) and a rolling local one, the
 * grid planner, the holonomic controller, progress checking and recoveries. Serves the
 * `navigate_to_pose` (nav2_msgs/action/NavigateToPose) and `compute_path_to_pose`
 * (nav2_msgs/action/ComputePathToPose) actions as Nav2 Humble defines them; publishes /plan,
 * /global_costmap/costmap, /local_costmap/costmap, the controller's command on `cmd_vel_nav`
 * (the collision monitor turns it into /cmd_vel), how each goal ended on
 * `navigate_to_pose/outcome` (katazuke_msgs/NavigationOutcome: Humble's result is empty) and
 * planner/controller timings on /diagnostics. Obstacles the laser cannot see (items on the floor the
 * world model knows) come as a PointCloud2 on `known_obstacles`. Clears costmaps on Nav2's
 * `clear_entirely_*_costmap` services. A bad goal is rejected with a log naming what is wrong; a
 * malformed scan or map is logged and skipped.
 */
import {
  DEFAULT_CONTROLLER,
  DEFAULT_NAVIGATION_TASK,
  GridPlanner,
  HolonomicPursuitController,
  LayeredCostmap,
  MovingObstacleTracker,
  NavigateToPoseTask,
  Path2D,
  scanRays,
  parseFootprint,
  footprintOutline,
  footprintProblem,
  type NavigationFailure,
  type Twist2D,
} from '../src/navigation/index.ts';
import type { nav_msgs, sensor_msgs } from '../src/messages/types.generated.ts';
import type { ServerGoalHandle } from '../src/runtime/actions/ActionServer.ts';
import { ActionServer } from '../src/runtime/actions/ActionServer.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { Time } from '../src/runtime/Time.ts';
import { TransformListener } from '../src/runtime/tf/TransformListener.ts';
import { costmapMessage } from './costmapMessage.ts';
import { DurationStats } from './durationStats.ts';
import { declareFootprintRadius } from './footprintParameters.ts';
import { planar, planarPose, poseMessage } from './planarTransform.ts';

/** katazuke_msgs/NavigationOutcome codes. */
const OUTCOME: Record<NavigationFailure | 'succeeded' | 'canceled' | 'invalid_goal' | 'tf_error', number> = {
  succeeded: 0,
  goal_outside_map: 204,
  goal_occupied: 206,
  no_valid_path: 208,
  stuck: 106,
  timeout: 9003,
  tf_error: 9002,
  canceled: 9100,
  invalid_goal: 9101,
};

type NavigateGoal = ServerGoalHandle<
  { pose: { header: { frame_id: string }; pose: Parameters<typeof planarPose>[0] }; behavior_tree: string },
  unknown
>;

interface ActiveGoal {
  readonly task: NavigateToPoseTask;
  readonly handle: NavigateGoal;
  readonly startS: number;
  readonly finish: (outcome: keyof typeof OUTCOME, message: string) => void;
}

/** Scans that cannot be placed in the map are reported at most this often (s). */
const SKIPPED_SCAN_WARN_S = 5;

export default defineNode({
  description: 'navigation after Nav2: costmaps, planner, holonomic controller, recoveries; navigate_to_pose',
  start(context, { arguments: args }) {
    const node = context.createNode('navigator', { arguments: args });
    const log = node.getLogger();
    const positive = (v: number) => (v > 0 ? undefined : `must be positive, got ${v}`);
    const globalFrame = node.declareParameter('global_frame', {
      type: 'string',
      default: 'map',
      description: 'frame of plans and goals',
    });
    const baseFrame = node.declareParameter('robot_base_frame', {
      type: 'string',
      default: 'base_footprint',
      description: 'robot base frame',
    });
    const resolution = node.declareParameter('resolution', {
      type: 'double',
      default: 0.05,
      description: 'costmap cell size (m); the map must match',
      validate: positive,
    });
    const inflationRadius = node.declareParameter('inflation_radius', {
      type: 'double',
      default: 0.55,
      description: 'inflation layer radius (m)',
      validate: positive,
    });
    const costScaling = node.declareParameter('cost_scaling_factor', {
      type: 'double',
      default: 3.0,
      description: "inflation layer's exponential decay (1/m)",
      validate: positive,
    });
    const localWidth = node.declareParameter('local_costmap_width', {
      type: 'double',
      default: 3.0,
      description: 'rolling local costmap size (m)',
      validate: positive,
    });
    const obstacleRange = node.declareParameter('obstacle_max_range', {
      type: 'double',
      default: 2.5,
      description: 'marking range of the laser (m)',
      validate: positive,
    });
    const raytraceRange = node.declareParameter('raytrace_max_range', {
      type: 'double',
      default: 3.0,
      description: 'clearing range of the laser (m)',
      validate: positive,
    });
    const plannerPlugin = node.declareParameter('planner_plugin', {
      type: 'string',
      default: 'theta_star',
      description: 'theta_star (any-angle) or astar (8-connected grid)',
      validate: (v) =>
        v === 'theta_star' || v === 'astar' ? undefined : `must be theta_star or astar, got '${v}'`,
    });
    const controllerFrequency = node.declareParameter('controller_frequency', {
      type: 'double',
      default: 20,
      description: 'control loop rate (Hz)',
      range: { from: 1, to: 100 },
    });
    const maxVelX = node.declareParameter('max_vel_x', {
      type: 'double',
      default: 0.3,
      description: 'base speed limit (m/s)',
      validate: positive,
    });
    const regulatedMinSpeed = node.declareParameter('regulated_linear_scaling_min_speed', {
      type: 'double',
      default: DEFAULT_CONTROLLER.regulationMinSpeedMps,
      description: 'the least speed that cost regulation slows the base to near obstacles (m/s), as in Nav2',
      validate: positive,
    });
    const maxVelTheta = node.declareParameter('max_vel_theta', {
      type: 'double',
      default: 1.2,
      description: 'base turn rate limit (rad/s)',
      validate: positive,
    });
    const accLimX = node.declareParameter('acc_lim_x', {
      type: 'double',
      default: 0.6,
      description: 'base acceleration limit (m/s²)',
      validate: positive,
    });
    const accLimTheta = node.declareParameter('acc_lim_theta', {
      type: 'double',
      default: 2.0,
      description: 'base angular acceleration limit (rad/s²)',
      validate: positive,
    });
    const xyTolerance = node.declareParameter('xy_goal_tolerance', {
      type: 'double',
      default: 0.05,
      description: 'goal position tolerance (m)',
      validate: positive,
    });
    const yawTolerance = node.declareParameter('yaw_goal_tolerance', {
      type: 'double',
      default: 0.05,
      description: 'goal heading tolerance (rad)',
      validate: positive,
    });
    const replanPeriod = node.declareParameter('replan_period', {
      type: 'double',
      default: 1.0,
      description: 'seconds between replans while following',
      validate: positive,
    });
    const navigationTimeout = node.declareParameter('navigation_timeout', {
      type: 'double',
      default: 180,
      description: 'seconds a goal may take',
      validate: positive,
    });

    const robotRadius = declareFootprintRadius(node);
    const footprint = node.declareParameter('footprint', {
      type: 'string',
      default: '[]',
      description:
        'polygon "[[x, y], ...]" (base frame, m) of what sticks out of the round base, e.g. an arm held out; "[]" for none. Its outline keeps off obstacles; settable while running',
      validate: footprintProblem,
    });
    const travelHeading = node.declareParameter('travel_heading', {
      type: 'string',
      default: 'path',
      description:
        "what the base faces while it travels: 'path' (along it) or 'goal' (the goal's heading from the start, the way ahead kept within 110° of it: one turn, as small as it can be, for what the hand carries); settable while running",
      validate: travelHeadingProblem,
    });
    const footprintPadding = node.declareParameter('footprint_padding', {
      type: 'double',
      default: 0.02,
      description:
        "added to the footprint's radius in the costmaps (m), as Nav2's: the grid is 5 cm and localization is off by a centimetre or two, and passing furniture at the bare radius pressed the bumper",
      range: { from: 0, to: 0.2 },
    });
    const inflation = {
      inscribedRadiusM: robotRadius + footprintPadding,
      inflationRadiusM: Math.max(inflationRadius, robotRadius + footprintPadding),
      costScalingFactor: costScaling,
    };
    const markLifetime = node.declareParameter('observation_persistence', {
      type: 'double',
      default: 15,
      description: 'seconds an obstacle mark lasts unless seen again (0 = until cleared by a ray)',
      range: { from: 0, to: 3600 },
    });
    const obstacle = {
      obstacleMaxRangeM: obstacleRange,
      raytraceMaxRangeM: raytraceRange,
      markLifetimeS: markLifetime > 0 ? markLifetime : Infinity,
    };
    const global = new LayeredCostmap({
      resolutionM: resolution,
      extent: { kind: 'map' },
      inflation,
      obstacle,
    });
    const local = new LayeredCostmap({
      resolutionM: resolution,
      extent: { kind: 'rolling', windowM: localWidth },
      inflation,
      obstacle,
    });
    const gridPlanner = new GridPlanner({
      costWeight: 3,
      unknownCost: 100,
      anyAngle: plannerPlugin === 'astar' ? 'none' : 'theta_star',
    });
    const plannerTimes = new DurationStats();
    const controllerTimes = new DurationStats();
    // Every plan, the task's replans included, timed on the wall clock for /diagnostics.
    const planner = {
      stepFactor: (cost: number) => gridPlanner.stepFactor(cost),
      plan: (...args: Parameters<GridPlanner['plan']>) => {
        const t0 = performance.now();
        const result = gridPlanner.plan(...args);
        plannerTimes.add(performance.now() - t0);
        return result;
      },
    };
    const periodS = 1 / controllerFrequency;
    const limits = {
      maxLinearMps: maxVelX,
      maxAngularRps: maxVelTheta,
      maxLinearAccel: accLimX,
      maxAngularAccel: accLimTheta,
    };
    // The speed and acceleration limits can be changed while the node runs, as Nav2's controllers'
    // can (`ros2 param set`): the task planner turns gently while the hand holds something.
    const LIVE_LIMITS: Record<string, keyof typeof limits> = {
      max_vel_x: 'maxLinearMps',
      max_vel_theta: 'maxAngularRps',
      acc_lim_x: 'maxLinearAccel',
      acc_lim_theta: 'maxAngularAccel',
    };
    const controller = new HolonomicPursuitController({
      ...DEFAULT_CONTROLLER,
      robotRadiusM: robotRadius,
      limits,
      controlPeriodS: periodS,
      xyGoalToleranceM: xyTolerance,
      yawGoalToleranceRad: yawTolerance,
      regulationMinSpeedMps: regulatedMinSpeed,
    });
    // As Nav2's costmaps take a new `footprint` while running: the task planner sets one with the
    // arm held out while the hand carries something.
    const setFootprint = (text: string) =>
      controller.setFootprintOutline(footprintOutline(parseFootprint(text), robotRadius, resolution));
    setFootprint(footprint);
    controller.setTravelHeading(travelHeading as 'path' | 'goal');
    node.addOnSetParametersCallback((parameters) => {
      for (const { name, value } of parameters) {
        const key = LIVE_LIMITS[name];
        if (key !== undefined && typeof value === 'number') limits[key] = value;
        if (name === 'footprint' && typeof value === 'string') setFootprint(value);
        if (name === 'travel_heading' && (value === 'path' || value === 'goal'))
          controller.setTravelHeading(value);
      }
      return { successful: true, reason: '' };
    });
    const taskOptions = {
      ...DEFAULT_NAVIGATION_TASK,
      replanPeriodS: replanPeriod,
      timeoutS: navigationTimeout,
    };
    const listener = new TransformListener(node);

    const planPublisher = node.createPublisher('nav_msgs/msg/Path', '/plan', 1);
    const globalCostmapPublisher = node.createPublisher(
      'nav_msgs/msg/OccupancyGrid',
      '/global_costmap/costmap',
      { depth: 1, durability: 'transient_local' },
    );
    const localCostmapPublisher = node.createPublisher(
      'nav_msgs/msg/OccupancyGrid',
      '/local_costmap/costmap',
      1,
    );
    const command = node.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel_nav', 1);
    const outcomes = node.createPublisher(
      'katazuke_msgs/msg/NavigationOutcome',
      'navigate_to_pose/outcome',
      10,
    );
    const diagnostics = node.createPublisher('diagnostic_msgs/msg/DiagnosticArray', '/diagnostics', 10);

    const pathMessage = (path: Path2D): nav_msgs.msg.Path => {
      const header = { stamp: node.now().toMsg(), frame_id: globalFrame };
      const poses = [];
      for (let k = 0; k < path.length; k++)
        poses.push({
          header,
          pose: poseMessage(path.poses[3 * k]!, path.poses[3 * k + 1]!, path.poses[3 * k + 2]!),
        });
      return { header, poses };
    };

    /** The robot's pose in the global frame, or a message saying why it is not known. */
    const robotPose = (): Float64Array | string => {
      try {
        return planar(listener.buffer.lookupTransform(globalFrame, baseFrame).transform);
      } catch (error) {
        return (error as Error).message;
      }
    };

    node.createSubscription(
      'nav_msgs/msg/OccupancyGrid',
      '/map',
      { qos: { durability: 'transient_local' } },
      (map) => {
        try {
          if (map.header.frame_id !== globalFrame)
            throw new Error(`it is in '${map.header.frame_id}', not '${globalFrame}'`);
          if (map.info.origin.orientation.z !== 0) throw new Error('a rotated map origin is not supported');
          global.staticLayer!.setMap({
            resolutionM: map.info.resolution,
            width: map.info.width,
            height: map.info.height,
            originX: map.info.origin.position.x,
            originY: map.info.origin.position.y,
            data: map.data,
          });
          const pose = robotPose();
          if (typeof pose !== 'string') global.update(pose[0]!, pose[1]!);
        } catch (error) {
          log.warn(`skipping a /map: ${(error as Error).message}`);
        }
      },
    );

    let rayPoints = new Float64Array(0);
    let rayHits = new Uint8Array(0);
    let onMover = new Uint8Array(0);
    const movers = new MovingObstacleTracker();
    const mappedObstacle = (x: number, y: number) => global.staticLayer?.occupiedNear(x, y) ?? false;
    const handleScan = (scan: sensor_msgs.msg.LaserScan) => {
      if (scan.ranges.length === 0) throw new Error('it has no ranges');
      if (!(scan.angle_increment !== 0 && Number.isFinite(scan.angle_min)))
        throw new Error('its angles are not usable');
      if (rayPoints.length < 2 * scan.ranges.length) {
        rayPoints = new Float64Array(2 * scan.ranges.length);
        rayHits = new Uint8Array(scan.ranges.length);
        onMover = new Uint8Array(scan.ranges.length);
      }
      const map_T_laser = planar(
        listener.buffer.lookupTransform(globalFrame, scan.header.frame_id).transform,
      );
      const count = scanRays(
        scan.ranges,
        {
          angleMin: scan.angle_min,
          angleIncrement: scan.angle_increment,
          rangeMin: scan.range_min,
          rangeMax: scan.range_max,
        },
        map_T_laser,
        raytraceRange,
        rayPoints,
        rayHits,
      );
      // People walking: kept out of the costmaps (their returns only clear), yielded to by the controller.
      movers.update(
        node.now().seconds,
        { sensorX: map_T_laser[0]!, sensorY: map_T_laser[1]!, points: rayPoints, hit: rayHits, count },
        onMover,
        mappedObstacle,
      );
      controller.setMovers(movers.movers);
      for (let k = 0; k < count; k++) if (onMover[k]) rayHits[k] = 0;
      for (const costmap of [local, global])
        costmap.obstacleLayer.observe(map_T_laser[0]!, map_T_laser[1]!, rayPoints, rayHits, count);
    };
    // Items the world model knows of, below the laser's plane (sensor_msgs/PointCloud2 in the
    // global frame, float32 x and y): the latest cloud replaces the previous one.
    let knownXY = new Float64Array(0);
    node.createSubscription('sensor_msgs/msg/PointCloud2', 'known_obstacles', (cloud) => {
      try {
        if (cloud.header.frame_id !== globalFrame)
          throw new Error(`it is in '${cloud.header.frame_id}', not '${globalFrame}'`);
        const field = (name: string) => {
          const f = cloud.fields.find((candidate) => candidate.name === name);
          if (!f || f.datatype !== 7) throw new Error(`it has no float32 '${name}' field`);
          return f.offset;
        };
        const [ox, oy] = [field('x'), field('y')];
        const count = cloud.width * cloud.height;
        if (cloud.data.length < count * cloud.point_step)
          throw new Error('its data is shorter than its points');
        const bytes = cloud.data instanceof Uint8Array ? cloud.data : Uint8Array.from(cloud.data);
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        if (knownXY.length < 2 * count) knownXY = new Float64Array(2 * count);
        const little = !cloud.is_bigendian;
        for (let k = 0; k < count; k++) {
          knownXY[2 * k] = view.getFloat32(k * cloud.point_step + ox, little);
          knownXY[2 * k + 1] = view.getFloat32(k * cloud.point_step + oy, little);
        }
        for (const costmap of [local, global]) costmap.knownObstacleLayer.setPoints(knownXY, count);
      } catch (error) {
        log.warn(`skipping a known_obstacles cloud: ${(error as Error).message}`);
      }
    });
    let skippedScans = 0;
    let skippedWarnedS = -Infinity;
    node.createSubscription(
      'sensor_msgs/msg/LaserScan',
      '/scan',
      { qos: { reliability: 'best_effort' } },
      (scan) => {
        try {
          handleScan(scan);
        } catch (error) {
          // Until SLAM's first map → odom (or while tf lags) every scan fails alike: say so every
          // SKIPPED_SCAN_WARN_S, with how many, as rclcpp's RCLCPP_WARN_THROTTLE would.
          skippedScans++;
          const nowS = node.now().seconds;
          if (nowS - skippedWarnedS >= SKIPPED_SCAN_WARN_S) {
            log.warn(`skipping scans (${skippedScans} so far): ${(error as Error).message}`);
            skippedWarnedS = nowS;
          }
        }
      },
    );

    for (const [name, costmap] of [
      ['/global_costmap/clear_entirely_global_costmap', global],
      ['/local_costmap/clear_entirely_local_costmap', local],
    ] as const)
      node.createService('nav2_msgs/srv/ClearEntireCostmap', name, (_request, response) => {
        costmap.obstacleLayer.clear();
        log.info(`${name}: obstacle layer cleared`);
        return response;
      });

    /** The goal as [x, y, yaw] in the global frame, or why it cannot be one. */
    const goalPose = (pose: {
      header: { frame_id: string };
      pose: Parameters<typeof planarPose>[0];
    }): Float64Array | string => {
      const { position: p, orientation: q } = pose.pose;
      const values = [p.x, p.y, p.z, q.x, q.y, q.z, q.w];
      if (values.some((v) => !Number.isFinite(v)))
        return `the goal pose has a non-finite value (${values.join(', ')})`;
      if (Math.abs(Math.hypot(q.x, q.y, q.z, q.w) - 1) > 1e-3)
        return `the goal orientation is not a unit quaternion (norm ${Math.hypot(q.x, q.y, q.z, q.w).toFixed(4)})`;
      const frame = pose.header.frame_id.replace(/^\//, '') || globalFrame;
      let goal = planarPose(pose.pose);
      if (frame !== globalFrame) {
        try {
          const transform = planar(listener.buffer.lookupTransform(globalFrame, frame).transform);
          const c = Math.cos(transform[2]!);
          const s = Math.sin(transform[2]!);
          goal = Float64Array.of(
            transform[0]! + c * goal[0]! - s * goal[1]!,
            transform[1]! + s * goal[0]! + c * goal[1]!,
            transform[2]! + goal[2]!,
          );
        } catch (error) {
          return `the goal's frame '${frame}' cannot be transformed to '${globalFrame}': ${(error as Error).message}`;
        }
      }
      if (!global.staticLayer!.hasMap) return `no map has arrived on /map yet`;
      const problem = NavigateToPoseTask.checkGoal(goal, global, taskOptions.goalToleranceM);
      return problem ? problem.message : goal;
    };

    let active: ActiveGoal | undefined;
    let lastCommand: Twist2D = { vx: 0, vy: 0, wz: 0 };
    const sendCommand = (twist: Twist2D) => {
      lastCommand = twist;
      command.publish({ linear: { x: twist.vx, y: twist.vy, z: 0 }, angular: { x: 0, y: 0, z: twist.wz } });
    };
    const publishOutcome = (
      goalId: Uint8Array,
      outcome: keyof typeof OUTCOME,
      message: string,
      recoveries: number,
    ) =>
      outcomes.publish({
        header: { stamp: node.now().toMsg(), frame_id: globalFrame },
        goal_id: { uuid: goalId },
        code: OUTCOME[outcome],
        message,
        number_of_recoveries: recoveries,
      });

    new ActionServer(node, 'nav2_msgs/action/NavigateToPose', 'navigate_to_pose', {
      goal: (request) => {
        const goal = goalPose(request.pose);
        if (typeof goal === 'string') {
          log.warn(`navigate_to_pose: rejected a goal: ${goal}`);
          return 'reject';
        }
        return 'accept';
      },
      execute: (handle) =>
        new Promise((resolve) => {
          const goal = goalPose(handle.request.pose);
          const result = { result: {} };
          if (typeof goal === 'string') {
            log.warn(`navigate_to_pose: aborted: ${goal}`);
            publishOutcome(handle.goalId, 'invalid_goal', goal, 0);
            handle.abort();
            resolve(result);
            return;
          }
          if (active) active.finish('canceled', 'preempted by a new goal');
          const startS = node.now().seconds;
          const task = new NavigateToPoseTask(goal, startS, global, local, planner, controller, taskOptions, {
            plan: (path) => planPublisher.publish(pathMessage(path)),
            recovery: (kind, why) => log.info(`navigate_to_pose: recovery ${kind} (${why})`),
          });
          log.info(
            `navigate_to_pose: going to (${goal[0]!.toFixed(2)}, ${goal[1]!.toFixed(2)}, ${goal[2]!.toFixed(2)} rad)`,
          );
          const goalEntry: ActiveGoal = {
            task,
            handle: handle as unknown as NavigateGoal,
            startS,
            finish: (outcome, message) => {
              if (active === goalEntry) active = undefined;
              sendCommand({ vx: 0, vy: 0, wz: 0 });
              publishOutcome(handle.goalId, outcome, message, task.recoveries);
              if (outcome === 'succeeded') log.info('navigate_to_pose: goal reached');
              else if (outcome === 'canceled') {
                log.info(`navigate_to_pose: canceled (${message})`);
                if (handle.isCancelRequested) handle.canceled();
                else handle.abort();
              } else {
                log.warn(`navigate_to_pose: aborted, ${outcome}: ${message}`);
                handle.abort();
              }
              resolve(result);
            },
          };
          active = goalEntry;
        }),
    });

    new ActionServer(node, 'nav2_msgs/action/ComputePathToPose', 'compute_path_to_pose', {
      execute: (handle) => {
        const empty = {
          path: { header: { stamp: node.now().toMsg(), frame_id: globalFrame }, poses: [] },
          planning_time: { sec: 0, nanosec: 0 },
        };
        const goal = goalPose(handle.request.goal);
        const start = handle.request.use_start ? goalPose(handle.request.start) : robotPose();
        if (typeof goal === 'string' || typeof start === 'string') {
          log.warn(`compute_path_to_pose: ${typeof goal === 'string' ? goal : String(start)}`);
          handle.abort();
          return empty;
        }
        const t0 = performance.now();
        const result = planner.plan(
          global.master,
          global.master.index(start[0]!, start[1]!),
          global.master.index(goal[0]!, goal[1]!),
        );
        const planningTime = Time.fromSeconds((performance.now() - t0) / 1000).toMsg();
        if (!result.ok) {
          log.warn(`compute_path_to_pose: ${result.message}`);
          handle.abort();
          return { ...empty, planning_time: planningTime };
        }
        const path = Path2D.fromCells(global.master, result.cells, start, goal, taskOptions.pathSpacingM);
        const message = pathMessage(path);
        planPublisher.publish(message);
        return { path: message, planning_time: planningTime };
      },
    });

    let lastGlobalUpdateS = -Infinity;
    let lastCostmapPublishS = -Infinity;
    let poseMissingSinceS: number | undefined;
    node.createTimer(BigInt(Math.round(1e9 / controllerFrequency)), () => {
      const nowS = node.now().seconds;
      const pose = robotPose();
      if (typeof pose === 'string') {
        poseMissingSinceS ??= nowS;
        if (active && nowS - poseMissingSinceS > 2)
          active.finish('tf_error', `no robot pose for 2 s: ${pose}`);
        return;
      }
      poseMissingSinceS = undefined;
      const t0 = performance.now();
      local.update(pose[0]!, pose[1]!, nowS);
      if (nowS - lastGlobalUpdateS >= 0.5) {
        global.update(pose[0]!, pose[1]!, nowS);
        lastGlobalUpdateS = nowS;
      }
      if (active) {
        const { task, handle } = active;
        if (handle.isCancelRequested) {
          active.finish('canceled', 'cancel requested');
        } else {
          const step = task.tick(nowS, pose, lastCommand);
          if (step.kind === 'drive') {
            sendCommand(step.twist);
            const speed = Math.max(0.05, Math.hypot(step.twist.vx, step.twist.vy));
            handle.publishFeedback({
              current_pose: {
                header: { stamp: node.now().toMsg(), frame_id: globalFrame },
                pose: poseMessage(pose[0]!, pose[1]!, pose[2]!),
              },
              navigation_time: Time.fromSeconds(nowS - active.startS).toMsg(),
              estimated_time_remaining: Time.fromSeconds(step.distanceRemainingM / speed).toMsg(),
              number_of_recoveries: task.recoveries,
              distance_remaining: step.distanceRemainingM,
            } as never);
          } else if (step.kind === 'succeeded') active.finish('succeeded', 'goal reached');
          else active.finish(step.code, step.message);
        }
      }
      controllerTimes.add(performance.now() - t0);
      if (nowS - lastCostmapPublishS >= 1) {
        lastCostmapPublishS = nowS;
        const stamp = node.now().toMsg();
        globalCostmapPublisher.publish(costmapMessage(global.master, globalFrame, stamp));
        localCostmapPublisher.publish(costmapMessage(local.master, globalFrame, stamp));
        diagnostics.publish({
          header: { stamp, frame_id: '' },
          status: [
            {
              level: 0,
              name: 'navigator: timing',
              message: 'wall-clock milliseconds per global plan and per control cycle since start',
              hardware_id: '',
              values: [
                ...plannerTimes.keyValues('planner_ms'),
                ...controllerTimes.keyValues('controller_ms'),
              ],
            },
          ],
        });
      }
    });
    return node;
  },
});

function travelHeadingProblem(value: string): string | undefined {
  return value === 'path' || value === 'goal'
    ? undefined
    : `travel_heading must be 'path' or 'goal', got '${value}'`;
}
