/**
 * slam: 2D laser SLAM. Takes sensor_msgs/LaserScan on /scan and the odometry on /tf (odom →
 * base frame, at the scan's time); publishes the `map → odom` correction on /tf for every scan and
 * the nav_msgs/OccupancyGrid on /map (latched) every `map_period_s`. A scan that cannot be used
 * (frames missing on /tf, too few valid ranges) is logged and skipped.
 *
 * The map starts at the robot unless a geometry_msgs/PoseWithCovarianceStamped on /initialpose
 * (in the map frame, latched, before the first scan) says where the robot stands: then the map
 * shares the frame the other sensors are calibrated in (in the sim, the world's: the ceiling
 * cameras). One arriving after mapping started is logged and ignored.
 */
import * as se2 from '../src/geometry/se2.ts';
import * as quaternion from '../src/geometry/quaternion.ts';
import { planar } from './planarTransform.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import type { geometry_msgs, sensor_msgs } from '../src/messages/types.generated.ts';
import { Time } from '../src/runtime/Time.ts';
import { TransformBroadcaster } from '../src/runtime/tf/TransformBroadcaster.ts';
import { TransformListener } from '../src/runtime/tf/TransformListener.ts';
import { LaserSlam } from '../src/slam/laser/LaserSlam.ts';
import { laserPoints } from '../src/slam/laser/laserPoints.ts';
import { ScanMoverFilter } from '../src/slam/laser/ScanMoverFilter.ts';

/** A scan point this near a mapped one is the map's, not a mover's. */
const MAPPED_WITHIN_M = 0.075;

/** x, y, θ of a transform (its planar part). */

export default defineNode({
  description: '2D laser SLAM: /scan + odometry on /tf → /map and map → odom',
  start(context, { arguments: args }) {
    const node = context.createNode('slam', { arguments: args });
    const mapFrame = node.declareParameter('map_frame', {
      type: 'string',
      default: 'map',
      description: 'map frame',
    });
    const odomFrame = node.declareParameter('odom_frame', {
      type: 'string',
      default: 'odom',
      description: 'odometry frame',
    });
    const baseFrame = node.declareParameter('base_frame', {
      type: 'string',
      default: 'base_footprint',
      description: 'robot base frame',
    });
    const resolution = node.declareParameter('resolution', {
      type: 'double',
      default: 0.05,
      description: 'occupancy grid cell size (m)',
    });
    const mapPeriodS = node.declareParameter('map_period_s', {
      type: 'double',
      default: 2,
      description: 'seconds between /map updates',
    });
    const beamStride = node.declareParameter('beam_stride', {
      type: 'integer',
      default: 3,
      description: 'use every n-th laser beam',
    });
    const slam = new LaserSlam();
    const listener = new TransformListener(node);
    const tf = new TransformBroadcaster(node);
    const mapPublisher = node.createPublisher('nav_msgs/msg/OccupancyGrid', '/map', {
      depth: 1,
      durability: 'transient_local',
    });
    let points = new Float32Array(0);
    let lastMapS = -Infinity;

    const publishMap = (stamp: { sec: number; nanosec: number }) => {
      const grid = slam.occupancyGrid(resolution);
      mapPublisher.publish({
        header: { stamp, frame_id: mapFrame },
        info: {
          map_load_time: stamp,
          resolution,
          width: grid.width,
          height: grid.height,
          origin: {
            position: { x: grid.originX, y: grid.originY, z: 0 },
            orientation: { x: 0, y: 0, z: 0, w: 1 },
          },
        },
        data: grid.toOccupancy(),
      });
    };

    node.createSubscription(
      'geometry_msgs/msg/PoseWithCovarianceStamped',
      '/initialpose',
      { qos: { depth: 1, durability: 'transient_local' } },
      (message) => {
        try {
          if (message.header.frame_id !== mapFrame)
            throw new Error(`it is in '${message.header.frame_id}', not the map frame '${mapFrame}'`);
          const { position: p, orientation: q } = message.pose.pose;
          slam.setInitialPose(se2.fromSe3(new Float64Array(3), [p.x, p.y, p.z, q.x, q.y, q.z, q.w]));
          node
            .getLogger()
            .info(
              `map frame set by /initialpose: the robot starts at (${p.x.toFixed(2)}, ${p.y.toFixed(2)})`,
            );
        } catch (error) {
          node.getLogger().warn(`ignoring /initialpose: ${(error as Error).message}`);
        }
      },
    );

    node.createSubscription(
      'sensor_msgs/msg/LaserScan',
      '/scan',
      { qos: { reliability: 'best_effort' } },
      (scan) => {
        try {
          handleScan(scan);
        } catch (error) {
          node.getLogger().warn(`skipping a scan: ${(error as Error).message}`);
        }
      },
    );

    const movers = new ScanMoverFilter();
    const mapped = (x: number, y: number) => slam.mapsPointNear(x, y, MAPPED_WITHIN_M);

    function handleScan(scan: sensor_msgs.msg.LaserScan): void {
      const stamp = Time.fromMsg(scan.header.stamp);
      const mount = listener.buffer.lookupTransform(baseFrame, scan.header.frame_id);
      let odom: geometry_msgs.msg.TransformStamped;
      try {
        odom = listener.buffer.lookupTransform(odomFrame, baseFrame, stamp);
      } catch {
        odom = listener.buffer.lookupTransform(odomFrame, baseFrame);
      }
      if (points.length < 2 * scan.ranges.length) points = new Float32Array(2 * scan.ranges.length);
      const geometry = {
        angleMin: scan.angle_min,
        angleIncrement: scan.angle_increment,
        rangeMin: scan.range_min,
        rangeMax: scan.range_max,
        mount: planar(mount.transform),
      };
      const odom_T_base = planar(odom.transform);
      const map_T_laser = se2.compose(
        new Float64Array(3),
        se2.compose(new Float64Array(3), slam.mapToOdom(), odom_T_base),
        geometry.mount,
      );
      // People walking past are left out of matching and of the map.
      const ranges = movers.filter(scan.ranges, geometry, map_T_laser, stamp.seconds, mapped);
      const count = laserPoints(ranges, geometry, beamStride, points);
      slam.addScan(points, count, odom_T_base, stamp.seconds);
      const correction = slam.mapToOdom();
      const [qx, qy, qz, qw] = quaternion.fromYaw(new Float64Array(4), correction[2]!);
      tf.sendTransform({
        header: { stamp: scan.header.stamp, frame_id: mapFrame },
        child_frame_id: odomFrame,
        transform: {
          translation: { x: correction[0]!, y: correction[1]!, z: 0 },
          rotation: { x: qx!, y: qy!, z: qz!, w: qw! },
        },
      });
      if (stamp.seconds - lastMapS >= mapPeriodS) {
        lastMapS = stamp.seconds;
        publishMap(scan.header.stamp);
      }
    }
    return node;
  },
});
