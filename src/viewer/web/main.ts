/**
 * The katazuke viewer: what the robot thinks, live, in the browser. Connects to the launch's
 * control endpoint (Foxglove WebSocket) and draws SLAM's map, the costmap, the robot from its
 * URDF posed by tf, the laser scan, the planned path, the furniture and objects the robot knows,
 * the head camera with its detections, the tidy-up's progress and the conversation.
 */
import * as THREE from 'three';
import type {
  katazuke_msgs,
  nav2_msgs,
  nav_msgs,
  sensor_msgs,
  std_msgs,
  tf2_msgs,
  vision_msgs,
} from '../../messages/types.generated.ts';
import { CameraPanel } from './CameraPanel.ts';
import { FrameTree } from './FrameTree.ts';
import { ConversationPanel } from './ConversationPanel.ts';
import { FurnitureLayer } from './FurnitureLayer.ts';
import { GraphConnection } from './GraphConnection.ts';
import { RecordingPlayer } from './RecordingPlayer.ts';
import { TopicSwitch } from './TopicSwitch.ts';
import { currentActivity } from './treeActivity.ts';
import { costPalette, GridLayer, occupancyPalette } from './GridLayer.ts';
import { ItemsLayer, type ItemDescription } from './ItemsLayer.ts';
import { PathLayer } from './PathLayer.ts';
import { RobotModel } from './RobotModel.ts';
import { RoomView } from './RoomView.ts';
import { ScanLayer } from './ScanLayer.ts';

const MAP_FRAME = 'map';
const BASE_FRAME = 'base_footprint';

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

async function main(): Promise<void> {
  const { controlUrl } = (await (await fetch('/config.json')).json()) as { controlUrl: string };
  const view = new RoomView(element('room'));
  const graph = GraphConnection.connect(controlUrl);
  const topics = new TopicSwitch();
  topics.use(graph);
  const status = element('connection');
  let everUp = false;
  graph.onStatus((text, up) => {
    if (topics.source !== graph) return;
    status.textContent = `${text} (${controlUrl})`;
    status.className = up ? 'up' : 'down';
    everUp ||= up;
    // The launch stopped: when one serves this page again (a restart), start afresh from it.
    if (!up && everUp) void reloadWhenServed();
  });

  const map = new GridLayer(occupancyPalette, 0);
  const costmap = new GridLayer(costPalette, 0.005);
  const scan = new ScanLayer();
  const path = new PathLayer();
  const furniture = new FurnitureLayer();
  const items = new ItemsLayer();
  view.scene.add(map.object, costmap.object, scan.object, path.object, furniture.object, items.object);
  const robot = await RobotModel.load('/robot.urdf');
  view.scene.add(robot.object);

  // Everything the 3D view shows comes through here, so a message means a new frame.
  const draw = (topic: string, handler: (message: unknown) => void) =>
    topics.on(topic, (message) => {
      handler(message);
      view.requestRender();
    });
  const tf = new FrameTree();
  const mapFrom = (frame: string): THREE.Matrix4 | undefined =>
    tf.lookup(MAP_FRAME, frame) ?? robot.linkMatrix(frame);
  draw('/tf', (m) => tf.add(m as tf2_msgs.msg.TFMessage));
  draw('/tf_static', (m) => tf.add(m as tf2_msgs.msg.TFMessage));
  const follow = element<HTMLInputElement>('follow');
  follow.addEventListener('change', () => view.requestRender());
  view.onBeforeRender(() => {
    const base = tf.lookup(MAP_FRAME, BASE_FRAME);
    if (!base) return;
    robot.setPose(base);
    view.followTarget = follow.checked ? new THREE.Vector3().setFromMatrixPosition(base) : undefined;
  });
  draw('/joint_states', (m) => robot.setJoints(m as sensor_msgs.msg.JointState));
  draw('/map', (m) => map.update(m as nav_msgs.msg.OccupancyGrid));
  draw('/global_costmap/costmap', (m) => costmap.update(m as nav_msgs.msg.OccupancyGrid));
  draw('/scan', (m) => {
    const message = m as sensor_msgs.msg.LaserScan;
    scan.update(message, mapFrom(message.header.frame_id));
  });
  draw('/plan', (m) => path.update(m as nav_msgs.msg.Path));
  draw('/world/scene', (m) => furniture.update((m as std_msgs.msg.String).data));
  draw('/objects', (m) => items.updateObjects(m as vision_msgs.msg.Detection3DArray));
  draw('/world/items', (m) => items.updateItems(m as katazuke_msgs.msg.ItemStateArray));
  const bindToggle = (id: string, object: THREE.Object3D) => {
    const box = element<HTMLInputElement>(id);
    box.addEventListener('change', () => {
      object.visible = box.checked;
      view.requestRender();
    });
  };
  bindToggle('show-costmap', costmap.object);
  bindToggle('show-scan', scan.object);

  const camera = new CameraPanel(element('camera'));
  topics.on('/head_rgbd_sensor/rgb/image_raw', (m) => camera.setImage(m as sensor_msgs.msg.Image));
  topics.on('/head_rgbd_sensor/detections', (m) =>
    camera.setDetections(m as vision_msgs.msg.Detection2DArray),
  );
  topics.on('/head_rgbd_sensor/label_info', (m) => camera.setLabels(m as vision_msgs.msg.LabelInfo));

  const progress = element<HTMLProgressElement>('progress');
  const task = element('task');
  let activity = '';
  let latest: katazuke_msgs.msg.TidyProgress | undefined;
  const showTask = () => {
    if (!latest) return;
    const current = latest.current_item_id;
    const item = current ? items.describe(current) : undefined;
    const what = item
      ? `${item.category || 'an item'} (${current}, ${item.state})`
      : current
        ? `item ${current}`
        : '';
    const now = [activity, what].filter(Boolean).join(', ');
    task.textContent = `${latest.items_put_away} of ${latest.items_total} items put away · ${now ? `now: ${now}` : 'idle'}`;
  };
  topics.on('/behavior_tree_log', (m) => {
    activity = currentActivity(activity, m as nav2_msgs.msg.BehaviorTreeLog);
    showTask();
  });
  draw('/tidy/progress', (m) => {
    latest = m as katazuke_msgs.msg.TidyProgress;
    progress.max = Math.max(1, latest.items_total);
    progress.value = latest.items_put_away;
    items.setCurrent(latest.current_item_id);
    showTask();
  });

  const conversation = new ConversationPanel(element('log'), topics, graph);
  const input = element<HTMLInputElement>('command-text');
  element('command').addEventListener('submit', (event) => {
    event.preventDefault();
    conversation.send(input.value);
    input.value = '';
  });
  conversation.attachTalkButton(element<HTMLButtonElement>('talk'));

  // A recording opened from the page replaces the live graph (its transforms start afresh).
  const playback = element('playback');
  let player: RecordingPlayer | undefined;
  element<HTMLInputElement>('open-recording').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    player?.pause();
    void RecordingPlayer.open(file).then(
      (opened) => {
        player = opened;
        tf.clear();
        topics.use(opened);
        opened.play();
        status.textContent = `recording ${file.name}` + (opened.bag.error ? ` (${opened.bag.error})` : '');
        status.className = opened.bag.error ? 'down' : 'up';
      },
      (error: Error) => (playback.textContent = `cannot open ${file.name}: ${error.message}`),
    );
  });
  setInterval(() => {
    if (player)
      playback.textContent = `${player.positionS.toFixed(1)} / ${player.durationS.toFixed(1)} s${player.done ? ' (end)' : ''}`;
  }, 250);

  const selection = element('selection');
  let selected = '';
  const showSelection = () => {
    const item = selected ? items.describe(selected) : undefined;
    selection.replaceChildren(item ? describeItem(item) : 'click an object');
  };
  view.renderer.domElement.addEventListener('click', (event) => {
    selected = view.pick(event, (hit) => items.itemAt(hit)) ?? '';
    showSelection();
  });
  setInterval(showSelection, 1000);

  // For tests and the benchmark: what the page has drawn so far.
  Object.assign(window, {
    katazukeViewer: {
      frames: () => view.frames,
      state: () => ({
        connected: status.className === 'up',
        recording: player
          ? { positionS: player.positionS, durationS: player.durationS, done: player.done }
          : null,
        mapCells: map.cells,
        robotPosed: robot.posed,
        items: items.count,
        furniture: furniture.count,
        pathPoints: path.length,
        cameraImages: camera.images,
        lastInstruction: conversation.lastInstruction,
        lastReply: conversation.lastReply,
      }),
      describe: (id: string) => items.describe(id),
      /** Where an item is on the screen (CSS pixels), to click it. */
      screenPosition: (id: string) => {
        const item = items.describe(id);
        if (!item) return undefined;
        const ndc = new THREE.Vector3(...item.position).project(view.camera);
        const rect = view.renderer.domElement.getBoundingClientRect();
        return {
          x: rect.left + ((ndc.x + 1) / 2) * rect.width,
          y: rect.top + ((1 - ndc.y) / 2) * rect.height,
        };
      },
      /** Turns the view around the room without stopping (as a user looking around would), or stops. */
      orbit: (on: boolean) => {
        view.controls.autoRotate = on;
        view.controls.autoRotateSpeed = 4;
      },
      pixelRatio: () => view.renderer.getPixelRatio(),
      /** What the last frame drew: draw calls and triangles (what decides the frame time in software). */
      drawn: () => ({
        calls: view.renderer.info.render.calls,
        triangles: view.renderer.info.render.triangles,
      }),
      lookAt: (x: number, y: number, distance: number) => {
        view.controls.target.set(x, y, 0);
        view.camera.position.set(x - distance * 0.35, y - distance * 0.75, distance);
        view.controls.update();
        view.requestRender();
      },
    },
  });
}

let reloading = false;
async function reloadWhenServed(): Promise<void> {
  if (reloading) return;
  reloading = true;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    if (
      await fetch('/config.json').then(
        (r) => r.ok,
        () => false,
      )
    )
      return location.reload();
  }
}

function describeItem(item: ItemDescription): HTMLElement {
  const root = document.createElement('div');
  const table = document.createElement('table');
  const row = (name: string, value: string) => {
    const tr = table.insertRow();
    tr.insertCell().textContent = name;
    tr.insertCell().textContent = value;
  };
  row('id', item.id);
  row('state', item.state);
  row('at', item.position.map((v) => v.toFixed(2)).join(', '));
  for (const h of item.hypotheses) row(h.category, h.score.toFixed(2));
  const history = document.createElement('ol');
  for (const entry of item.history)
    history.append(Object.assign(document.createElement('li'), { textContent: entry }));
  root.append(table, history);
  root.dataset.itemId = item.id;
  return root;
}

main().catch((error: Error) => {
  const status = element('connection');
  status.textContent = `the viewer failed: ${error.message}`;
  status.className = 'down';
  console.error(error);
});
