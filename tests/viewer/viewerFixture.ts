/**
 * A small fixed graph for the viewer's browser tests: a 4 × 3 m room map, the robot posed by tf,
 * its joints, a scan, a path, two pieces of furniture, three items the robot believes in (one
 * loose, one held, one put away) and the tidy-up's progress, served through a real control
 * endpoint and viewer on free ports. Records what the page publishes on /instruction.
 */
import { Context } from '../../src/runtime/Context.ts';
import { FoxgloveBridge } from '../../src/runtime/foxglove/FoxgloveBridge.ts';
import { ViewerServer } from '../../src/cli/ViewerServer.ts';

const RESOLUTION = 0.05;
export const QUESTION = 'Which socks: the blue ones or the red ones?';
const CAMERA_WIDTH = 160;
const CAMERA_HEIGHT = 120;
const WIDTH = 80;
const HEIGHT = 60;
export const ROBOT_AT = { x: 1.2, y: 1.0, yaw: 0.5 };
export const ITEMS = [
  { id: 'obj_1', category: 'sock', state: 0, at: [2.6, 0.8, 0.03], size: [0.2, 0.1, 0.06] },
  { id: 'obj_2', category: 'cup', state: 1, at: [1.5, 1.2, 0.8], size: [0.08, 0.08, 0.1] },
  { id: 'obj_3', category: 'book', state: 2, at: [3.5, 2.5, 0.42], size: [0.24, 0.17, 0.04] },
] as const;

export interface ViewerFixture {
  readonly context: Context;
  readonly viewer: ViewerServer;
  /** The control endpoint (Foxglove WebSocket) the viewer connects to. */
  readonly controlUrl: string;
  readonly instructions: string[];
  readonly audioClips: Array<{ sampleRate: number; samples: number }>;
  close(): Promise<void>;
}

function roomMap(): Int8Array {
  const data = new Int8Array(WIDTH * HEIGHT);
  for (let y = 0; y < HEIGHT; y++)
    for (let x = 0; x < WIDTH; x++) {
      const wall = x < 2 || y < 2 || x >= WIDTH - 2 || y >= HEIGHT - 2;
      const unknown = x >= WIDTH - 10 && y >= HEIGHT - 10;
      data[y * WIDTH + x] = wall ? 100 : unknown ? -1 : 0;
    }
  return data;
}

const quaternionZ = (yaw: number) => ({ x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) });
const stamp = { sec: 12, nanosec: 0 };
const pointPose = (at: readonly number[]) => pose(at[0]!, at[1]!, at[2]!);
const pose = (x: number, y: number, z: number) => ({
  position: { x, y, z },
  orientation: { x: 0, y: 0, z: 0, w: 1 },
});

/** On free ports, or on the given ones (a launch started again). */
export async function startViewerFixture(ports = { control: 0, viewer: 0 }): Promise<ViewerFixture> {
  const context = Context.local({ logSinks: [] });
  const node = context.createNode('viewer_fixture');
  const latched = { depth: 1, durability: 'transient_local' as const };
  node.createPublisher('nav_msgs/msg/OccupancyGrid', '/map', latched).publish({
    header: { stamp, frame_id: 'map' },
    info: {
      map_load_time: stamp,
      resolution: RESOLUTION,
      width: WIDTH,
      height: HEIGHT,
      origin: pose(0, 0, 0),
    },
    data: roomMap(),
  });
  node.createPublisher('std_msgs/msg/String', '/world/scene', latched).publish({
    data: JSON.stringify({
      objects: [],
      furniture: [
        { id: 'f1', category: 'bookshelf', position: [3.5, 2.5, 0.9], extent: [0.8, 0.3, 1.8] },
        { id: 'f2', category: 'laundry basket', position: [0.5, 2.4, 0.25], extent: [0.5, 0.4, 0.5] },
      ],
    }),
  });
  const tf = node.createPublisher('tf2_msgs/msg/TFMessage', '/tf', 10);
  const joints = node.createPublisher('sensor_msgs/msg/JointState', '/joint_states', 10);
  const scan = node.createPublisher('sensor_msgs/msg/LaserScan', '/scan', 10);
  const plan = node.createPublisher('nav_msgs/msg/Path', '/plan', 1);
  const objects = node.createPublisher('vision_msgs/msg/Detection3DArray', '/objects', 5);
  const items = node.createPublisher('katazuke_msgs/msg/ItemStateArray', '/world/items', 1);
  const progress = node.createPublisher('katazuke_msgs/msg/TidyProgress', '/tidy/progress', 1);
  const treeLog = node.createPublisher('nav2_msgs/msg/BehaviorTreeLog', '/behavior_tree_log', 10);
  const instructions: string[] = [];
  // Like the grounder: every instruction is answered with a question back.
  const grounded = node.createPublisher('katazuke_msgs/msg/GroundedInstruction', '/instruction/grounded');
  const reply = node.createPublisher('std_msgs/msg/String', '/speech/reply');
  node.createSubscription('std_msgs/msg/String', '/instruction', (m) => {
    instructions.push(m.data);
    grounded.publish({
      header: { stamp, frame_id: 'map' },
      utterance: m.data,
      intent: 'put',
      target_ids: [],
      destination_id: '',
      question: QUESTION,
      reply: QUESTION,
    });
    reply.publish({ data: QUESTION });
  });
  const audioClips: Array<{ sampleRate: number; samples: number }> = [];
  node.createSubscription('katazuke_msgs/msg/AudioClip', '/speech/audio', (m) =>
    audioClips.push({ sampleRate: m.sample_rate, samples: m.samples.length }),
  );
  node.createPublisher('vision_msgs/msg/LabelInfo', '/head_rgbd_sensor/label_info', latched).publish({
    header: { stamp, frame_id: '' },
    class_map: [{ class_id: 7, class_name: 'sock' }],
    threshold: 0.3,
  });
  const image = node.createPublisher('sensor_msgs/msg/Image', '/head_rgbd_sensor/rgb/image_raw', 2);
  const detections = node.createPublisher(
    'vision_msgs/msg/Detection2DArray',
    '/head_rgbd_sensor/detections',
    2,
  );
  const pixels = new Uint8Array(CAMERA_WIDTH * CAMERA_HEIGHT * 3);
  for (let i = 0; i < CAMERA_WIDTH * CAMERA_HEIGHT; i++) {
    pixels[i * 3] = 40 + ((i % CAMERA_WIDTH) * 150) / CAMERA_WIDTH; // a red ramp, left to right
    pixels[i * 3 + 1] = 90;
    pixels[i * 3 + 2] = 140;
  }

  const ranges = Float32Array.from({ length: 271 }, (_, i) => 1.5 + 0.5 * Math.cos(i / 20));
  node.createTimer(100_000_000n, () => {
    tf.publish({
      transforms: [
        {
          header: { stamp, frame_id: 'map' },
          child_frame_id: 'odom',
          transform: { translation: { x: 0, y: 0, z: 0 }, rotation: quaternionZ(0) },
        },
        {
          header: { stamp, frame_id: 'odom' },
          child_frame_id: 'base_footprint',
          transform: {
            translation: { x: ROBOT_AT.x, y: ROBOT_AT.y, z: 0 },
            rotation: quaternionZ(ROBOT_AT.yaw),
          },
        },
      ],
    });
    joints.publish({
      header: { stamp, frame_id: '' },
      name: ['arm_lift_joint', 'arm_flex_joint', 'wrist_flex_joint', 'hand_l_finger_joint'],
      position: [0.3, -0.8, -0.7, 0.04],
      velocity: [],
      effort: [],
    });
    scan.publish({
      header: { stamp, frame_id: 'base_range_sensor_link' },
      angle_min: -2.356,
      angle_max: 2.356,
      angle_increment: 4.712 / 270,
      time_increment: 0,
      scan_time: 0.1,
      range_min: 0.05,
      range_max: 10,
      ranges,
      intensities: [],
    });
    plan.publish({
      header: { stamp, frame_id: 'map' },
      poses: [0, 1, 2, 3, 4].map((i) => ({
        header: { stamp, frame_id: 'map' },
        pose: pose(1.2 + i * 0.3, 1.0 - i * 0.04, 0),
      })),
    });
    objects.publish({
      header: { stamp, frame_id: 'map' },
      detections: ITEMS.map((item) => ({
        header: { stamp, frame_id: 'map' },
        results: [
          {
            hypothesis: { class_id: item.category, score: 0.8 },
            pose: { pose: pointPose(item.at), covariance: new Array(36).fill(0) },
          },
          {
            hypothesis: { class_id: 'toy', score: 0.15 },
            pose: { pose: pointPose(item.at), covariance: new Array(36).fill(0) },
          },
        ],
        bbox: { center: pointPose(item.at), size: { x: item.size[0], y: item.size[1], z: item.size[2] } },
        id: item.id,
      })),
    });
    items.publish({
      header: { stamp, frame_id: 'map' },
      items: ITEMS.map((item) => ({
        id: item.id,
        category: item.category,
        colors: [],
        pose: { header: { stamp, frame_id: 'map' }, pose: pointPose(item.at) },
        state: item.state,
      })),
    });
    image.publish({
      header: { stamp, frame_id: 'head_rgbd_sensor_optical_frame' },
      height: CAMERA_HEIGHT,
      width: CAMERA_WIDTH,
      encoding: 'rgb8',
      is_bigendian: 0,
      step: CAMERA_WIDTH * 3,
      data: pixels,
    });
    detections.publish({
      header: { stamp, frame_id: 'head_rgbd_sensor_optical_frame' },
      detections: [
        {
          header: { stamp, frame_id: 'head_rgbd_sensor_optical_frame' },
          results: [
            {
              hypothesis: { class_id: '7', score: 0.9 },
              pose: { pose: pose(0, 0, 0), covariance: new Array(36).fill(0) },
            },
          ],
          bbox: { center: { position: { x: 80, y: 70 }, theta: 0 }, size_x: 60, size_y: 40 },
          id: '',
        },
      ],
    });
    treeLog.publish({
      timestamp: stamp,
      event_log: [
        { timestamp: stamp, node_name: 'PickItem', previous_status: 'IDLE', current_status: 'RUNNING' },
        { timestamp: stamp, node_name: 'Timeout', previous_status: 'IDLE', current_status: 'RUNNING' },
      ],
    });
    progress.publish({
      header: { stamp, frame_id: 'map' },
      items_total: 3,
      items_put_away: 1,
      current_item_id: 'obj_1',
    });
  });
  context.spin();
  const bridge = await FoxgloveBridge.start(context, { port: ports.control });
  const viewer = await ViewerServer.start({ port: ports.viewer, controlUrl: bridge.url });
  return {
    context,
    viewer,
    controlUrl: bridge.url,
    instructions,
    audioClips,
    close: async () => {
      await viewer.close();
      await bridge.close();
      await context.shutdown();
    },
  };
}
