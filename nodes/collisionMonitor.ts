/**
 * collision_monitor: the safety stage between every controller and the base, after Nav2's
 * collision_monitor. Takes the controller's command on `cmd_vel_in` (remapped from cmd_vel_nav),
 * the latest /scan, /speed_limit (nav2_msgs/SpeedLimit) and /e_stop (std_msgs/Bool,
 * transient-local), and publishes what the base may do on `cmd_vel_out` (/cmd_vel): slowed or
 * stopped before what it approaches, within the speed limit, zero while the emergency stop is
 * engaged (from the callback that engages it, so within one control period, and every period while
 * it stays engaged) and one zero when the controller has gone quiet (then silent, as Nav2's, so
 * another node may drive the base). Every input is checked; a malformed one is logged and skipped.
 */
import { CollisionMonitor, type SpeedLimit, type Twist2D } from '../src/navigation/index.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { TransformListener } from '../src/runtime/tf/TransformListener.ts';
import { declareFootprintRadius } from './footprintParameters.ts';
import { subscribeScanReturns } from './scanReturns.ts';

const ZERO: Twist2D = { vx: 0, vy: 0, wz: 0 };

export default defineNode({
  description: 'collision monitor: slows and stops the base before obstacles, speed limit, emergency stop',
  start(context, { arguments: args }) {
    const node = context.createNode('collision_monitor', { arguments: args });
    const log = node.getLogger();
    const positive = (v: number) => (v > 0 ? undefined : `must be positive, got ${v}`);
    const baseFrame = node.declareParameter('base_frame_id', {
      type: 'string',
      default: 'base_footprint',
      description: 'robot base frame',
    });
    const margin = node.declareParameter('footprint_margin', {
      type: 'double',
      // Less than the 2 cm the manipulator's base keeps from what it places on (its moves come
      // through here too), more than the bumper's 8 mm travel.
      default: 0.015,
      description: 'added to the footprint (m)',
    });
    const timeBeforeCollision = node.declareParameter('time_before_collision', {
      type: 'double',
      default: 1.2,
      description: 'approach model horizon (s)',
      validate: positive,
    });
    const simulationStep = node.declareParameter('simulation_time_step', {
      type: 'double',
      default: 0.05,
      description: 'approach model step (s)',
      validate: positive,
    });
    const maxVelX = node.declareParameter('max_vel_x', {
      type: 'double',
      default: 0.3,
      description: 'base speed for percentage speed limits (m/s)',
      validate: positive,
    });
    const rateHz = node.declareParameter('frequency', {
      type: 'double',
      default: 20,
      description: 'output rate (Hz)',
      range: { from: 1, to: 200 },
    });
    const sourceTimeout = node.declareParameter('source_timeout', {
      type: 'double',
      default: 0.5,
      description: 'seconds after which a silent controller or scan stops the base',
      validate: positive,
    });
    const radius = declareFootprintRadius(node);
    const monitor = new CollisionMonitor({
      footprintRadiusM: radius,
      marginM: margin,
      timeBeforeCollisionS: timeBeforeCollision,
      simulationStepS: simulationStep,
      maxLinearMps: maxVelX,
    });
    const listener = new TransformListener(node);
    const out = node.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel_out', 1);
    const state = node.createPublisher('std_msgs/msg/String', '~/action', {
      depth: 1,
      durability: 'transient_local',
    });

    let commandIn: Twist2D = ZERO;
    let commandS = -Infinity;
    const scan = subscribeScanReturns(node, listener, baseFrame);
    let speedLimit: SpeedLimit = { kind: 'none' };
    let eStop: 'engaged' | 'released' = 'released';
    let lastAction = '';

    /** Whether the one zero for a controller gone quiet was sent (the base is then left to others). */
    let quietSent = false;
    const publish = () => {
      const nowS = node.now().seconds;
      const fresh = nowS - commandS <= sourceTimeout;
      if (!fresh && eStop !== 'engaged') {
        if (quietSent) return;
        quietSent = true;
      } else quietSent = false;
      const scanFresh = nowS - scan.receivedS <= sourceTimeout;
      const wanted = fresh ? commandIn : ZERO;
      const moving = wanted.vx !== 0 || wanted.vy !== 0 || wanted.wz !== 0;
      const result =
        moving && !scanFresh && eStop === 'released'
          ? { twist: ZERO, action: 'stop' as const }
          : monitor.filter(wanted, scan.points, scan.count, speedLimit, eStop);
      out.publish({
        linear: { x: result.twist.vx, y: result.twist.vy, z: 0 },
        angular: { x: 0, y: 0, z: result.twist.wz },
      });
      const action = moving && !scanFresh ? 'stop (no recent scan)' : result.action;
      if (action !== lastAction) {
        if (action !== 'none') log.info(`collision monitor: ${action}`);
        lastAction = action;
        state.publish({ data: action });
      }
    };

    node.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel_in', (twist) => {
      const values = [twist.linear.x, twist.linear.y, twist.angular.z];
      if (values.some((v) => !Number.isFinite(v))) {
        log.warn(`skipping a command with a non-finite velocity (${values.join(', ')})`);
        return;
      }
      commandIn = { vx: twist.linear.x, vy: twist.linear.y, wz: twist.angular.z };
      commandS = node.now().seconds;
      publish();
    });
    node.createSubscription('nav2_msgs/msg/SpeedLimit', '/speed_limit', (limit) => {
      if (!Number.isFinite(limit.speed_limit) || limit.speed_limit < 0) {
        log.warn(`skipping a speed limit of ${limit.speed_limit}: it must be a number ≥ 0`);
        return;
      }
      speedLimit =
        limit.speed_limit === 0
          ? { kind: 'none' }
          : limit.percentage
            ? { kind: 'percent', percent: limit.speed_limit }
            : { kind: 'absolute', mps: limit.speed_limit };
      log.info(
        `speed limit: ${limit.speed_limit === 0 ? 'none' : `${limit.speed_limit}${limit.percentage ? ' %' : ' m/s'}`}`,
      );
    });
    node.createSubscription(
      'std_msgs/msg/Bool',
      '/e_stop',
      { qos: { durability: 'transient_local' } },
      (message) => {
        eStop = message.data ? 'engaged' : 'released';
        log.warn(`emergency stop ${eStop}`);
        publish();
      },
    );
    node.createTimer(BigInt(Math.round(1e9 / rateHz)), publish);
    return node;
  },
});
