/**
 * goal_tour: drives the robot to a few places through `navigate_to_pose`, as a person trying the
 * sim would, until the task planner takes over. Goals are the `goals` parameter ([x, y, yaw, …]
 * in the map frame) or, when it is empty, free cells of /global_costmap/costmap at least
 * `min_distance` from the robot's start, drawn with `seed`. Logs each goal's outcome.
 */
import { Random } from '../src/common/random.ts';
import { ActionClient } from '../src/runtime/actions/ActionClient.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { TransformListener } from '../src/runtime/tf/TransformListener.ts';
import { planar, poseMessage } from './planarTransform.ts';

export default defineNode({
  description: 'drives to a few goals through navigate_to_pose',
  start(context, { arguments: args }) {
    const node = context.createNode('goal_tour', { arguments: args });
    const log = node.getLogger();
    const goalsParameter = node.declareParameter('goals', {
      type: 'double_array',
      default: [],
      description: 'goals [x, y, yaw, …] in the map frame; empty = random free places',
      validate: (v) => (v.length % 3 === 0 ? undefined : `needs a multiple of 3 numbers, got ${v.length}`),
    });
    const count = node.declareParameter('count', {
      type: 'integer',
      default: 4,
      description: 'random goals to visit',
      range: { from: 0, to: 1000 },
    });
    const seed = node.declareParameter('seed', {
      type: 'integer',
      default: 1,
      description: 'random goal seed',
    });
    const minDistance = node.declareParameter('min_distance', {
      type: 'double',
      default: 1.0,
      description: 'random goals at least this far from the robot (m)',
    });
    const client = new ActionClient(node, 'nav2_msgs/action/NavigateToPose', 'navigate_to_pose');
    const listener = new TransformListener(node);
    const random = new Random(seed);
    let costmap:
      | {
          info: { resolution: number; width: number; origin: { position: { x: number; y: number } } };
          data: ArrayLike<number>;
        }
      | undefined;
    node.createSubscription(
      'nav_msgs/msg/OccupancyGrid',
      '/global_costmap/costmap',
      { qos: { durability: 'transient_local' } },
      (grid) => {
        costmap = grid;
      },
    );

    const randomGoal = (): number[] | undefined => {
      if (!costmap) return undefined;
      let robot: Float64Array;
      try {
        robot = planar(listener.buffer.lookupTransform('map', 'base_footprint').transform);
      } catch {
        return undefined;
      }
      const { resolution, width, origin } = costmap.info;
      for (let attempt = 0; attempt < 2000; attempt++) {
        const k = Math.floor(random.range(0, costmap.data.length));
        if (costmap.data[k] !== 0) continue;
        const x = origin.position.x + ((k % width) + 0.5) * resolution;
        const y = origin.position.y + (Math.floor(k / width) + 0.5) * resolution;
        if (Math.hypot(x - robot[0]!, y - robot[1]!) >= minDistance)
          return [x, y, random.range(-Math.PI, Math.PI)];
      }
      return undefined;
    };

    const tour = async () => {
      const planned = goalsParameter.length / 3 || count;
      for (let visited = 0; visited < planned && !node.isDestroyed;) {
        const goal =
          goalsParameter.length > 0 ? goalsParameter.slice(3 * visited, 3 * visited + 3) : randomGoal();
        if (!goal || !client.isActionServerAvailable()) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          continue;
        }
        visited++;
        const [x, y, yaw] = goal as [number, number, number];
        log.info(`goal ${visited}/${planned}: (${x.toFixed(2)}, ${y.toFixed(2)}, ${yaw.toFixed(2)} rad)`);
        const handle = await client.sendGoal({
          pose: { header: { stamp: node.now().toMsg(), frame_id: 'map' }, pose: poseMessage(x, y, yaw) },
          behavior_tree: '',
        });
        if (!handle.accepted) {
          log.warn(`goal ${visited} was rejected`);
          continue;
        }
        const { status } = await handle.getResult();
        log.info(
          `goal ${visited}: ${status === 4 ? 'reached' : status === 6 ? 'aborted' : `ended with status ${status}`}`,
        );
      }
      log.info('tour done');
    };
    void tour().catch((error: unknown) => log.error(`tour stopped: ${(error as Error).message}`));
    return node;
  },
});
