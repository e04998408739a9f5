/**
 * task_planner: tidies the room. Keeps the world model (the items perceived on `/objects`, the
 * places of the house description `house_file`, the tidy rules of `rules_file`) and runs the
 * behaviour tree `tree_file` (BehaviorTree.CPP v4 XML; the shipped one is
 * launch/behavior_trees/tidy.xml) whose leaves call `navigate_to_pose` (nav2_msgs), `pick` and
 * `place` (katazuke_msgs). Publishes what it knows on `/world/items` (ItemStateArray) and
 * `/world/scene` (the grounder's scene JSON, so instructions resolve against what the robot
 * perceived), its progress on `/tidy/progress`, and what it has to say on `/speech/reply`.
 *
 * Voice (`/instruction/grounded`): stop halts the tree (its actions cancelled), resume and
 * "tidy up" start it again, "first the socks" raises a category's priority, "put X on Y" puts
 * X there next, a rule change ("socks go in the laundry basket") is applied and persisted to
 * `rules_save_file`. The same rule change comes through the `set_tidy_rule` service.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { nav2_msgs, sensor_msgs, vision_msgs } from '../src/messages/types.generated.ts';
import { footprintProblem, parseFootprint } from '../src/navigation/index.ts';
import {
  AsyncActionNode,
  ConditionNode,
  itemApproaches,
  clearPlaceStands,
  furnitureOver,
  STAND_MARGIN_M,
  WaitUntilNode,
  TreeFactory,
  type AsyncActionBody,
  type Tree,
  type TreeNode,
} from '../src/planner/index.ts';
import { ActionClient } from '../src/runtime/actions/ActionClient.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { TransformListener } from '../src/runtime/tf/TransformListener.ts';
import {
  insideRoom,
  parseHouseDescription,
  placeLevels,
  TidyRules,
  WorldModel,
  type House,
  type Placement,
  type TrackedItem,
} from '../src/world/index.ts';
import { declareFootprintRadius } from './footprintParameters.ts';
import { navigatorParameters } from './navigatorParameters.ts';
import { planar, poseMessage } from './planarTransform.ts';

const DEFAULT_TREE = fileURLToPath(new URL('../launch/behavior_trees/tidy.xml', import.meta.url));
const DEFAULT_RULES = fileURLToPath(new URL('../launch/tidy_rules.yaml', import.meta.url));
const NAV_SUCCEEDED = 4;
/** katazuke_msgs/action/Pick's NOT_REACHABLE. */
const PICK_NOT_REACHABLE = 1;
const PLACEMENT_CODE: Record<Placement, number> = { any: 0, upright: 1, flat: 2 };
const ITEM_STATE: Record<TrackedItem['status'], number> = {
  loose: 0,
  held: 1,
  put_away: 2,
  unreachable: 0,
  delivered: 0,
};
/** The place name that stands for the person who asked ("bring me the remote"). */
const SPEAKER = '@speaker';
/** How far from the speaker the robot stops to hand something over (m). */
const SPEAKER_DISTANCE_M = 0.8;
/** What the hand carries stays this far off a place's edge as the base stands by it (m). */
const CARRIED_CLEARANCE_M = 0.04;
/** A stand this near one a place failed from counts as that one (m). */
const FAILED_STAND_M = 0.3;

export default defineNode({
  description:
    'tidies the room: world model, tidy rules and a behaviour tree over navigation and manipulation',
  start(context, { arguments: args }) {
    const node = context.createNode('task_planner', { arguments: args });
    const log = node.getLogger();
    const houseFile = node.declareParameter('house_file', {
      type: 'string',
      default: '',
      description: 'house description YAML (npx katazuke sim house)',
    });
    const rulesFile = node.declareParameter('rules_file', {
      type: 'string',
      default: DEFAULT_RULES,
      description: 'tidy rules YAML read at start',
    });
    const rulesSaveFile =
      node.declareParameter('rules_save_file', {
        type: 'string',
        default: '',
        description:
          "where changed rules are written ('' = ~/.katazuke/tidy_rules.yaml); read instead of rules_file when it exists",
      }) || `${homedir()}/.katazuke/tidy_rules.yaml`;
    const treeFile = node.declareParameter('tree_file', {
      type: 'string',
      default: DEFAULT_TREE,
      description: 'the behaviour tree (BehaviorTree.CPP v4 XML)',
    });
    const tickHz = node.declareParameter('tick_rate_hz', {
      type: 'double',
      default: 10,
      description: 'how often the tree is ticked',
      range: { from: 1, to: 100 },
    });
    const observeS = node.declareParameter('observe_time_s', {
      type: 'double',
      default: 3,
      description: 'how long the robot watches the room before choosing an item (s)',
      range: { from: 0, to: 600 },
    });
    const standoffM = node.declareParameter('pick_standoff', {
      type: 'double',
      default: 0.45,
      description: 'distance from an item’s centre the base stops at to pick it (m)',
      range: { from: 0.2, to: 1.5 },
    });
    const maxFailures = node.declareParameter('max_failures', {
      type: 'integer',
      default: 2,
      description: 'failed tries before an item is reported unreachable',
      range: { from: 1, to: 10 },
    });
    const placeFailuresToGiveUp = node.declareParameter('place_failures_to_give_up', {
      type: 'integer',
      default: 2,
      description: 'failed tries to reach a place before what goes there is left for a person',
      range: { from: 1, to: 100 },
    });
    const maxPlaceHeightM = node.declareParameter('max_place_height', {
      type: 'double',
      // The manipulator tips the hand towards a high top: the kitchen counter (0.90 m) and the
      // cabinet (1.00 m) are within reach, the door's and the window's tops are not.
      default: 1.05,
      description: 'highest surface top the hand reaches (m); higher places are left to a person',
      range: { from: 0, to: 3 },
    });
    const speakerPlace = node.declareParameter('speaker_place', {
      type: 'string',
      default: 'sofa',
      description: "where 'bring me X' puts X when no /speaker_pose says where the speaker is",
    });
    const autoStart = node.declareParameter('auto_start', {
      type: 'bool',
      default: true,
      description: 'tidy at once (false: wait for an instruction)',
    });
    const scenePeriodS = node.declareParameter('scene_period_s', {
      type: 'double',
      default: 30,
      description: 'longest gap between /world/scene updates when nothing it names changed (s)',
      range: { from: 0.1, to: 600 },
    });
    const navigatorName = node.declareParameter('navigator_node', {
      type: 'string',
      default: '/navigator',
      description: 'the navigator whose turn limits and footprint change while the hand holds something',
    });
    // Turning swings what hangs from the hand: on eval:grasp's dev floor worlds a turn at 0.6 rad/s
    // and 1.0 rad/s² (with 0.2 m/s ahead) shook 6 of 18 cloth items out of the jaws, at 0.4 and 0.5
    // one of 19 (the flaps of a pinched sock or towel swing out and pull the fold from the pads).
    const carryTurnRate = node.declareParameter('carry_max_vel_theta', {
      type: 'double',
      default: 0.4,
      description: "the navigator's turn rate limit while the hand holds something (rad/s)",
      range: { from: 0.05, to: 10 },
    });
    const carryTurnAccel = node.declareParameter('carry_acc_lim_theta', {
      type: 'double',
      default: 0.5,
      description: "the navigator's angular acceleration limit while the hand holds something (rad/s²)",
      range: { from: 0.05, to: 20 },
    });
    // The hanging carry holds the grip point 0.47 m ahead of the base's centre, about a metre up:
    // higher than most furniture, lower than walls, counters and shelves.
    const carryFootprint = node.declareParameter('carry_footprint', {
      type: 'string',
      default:
        '[[0.49, 0.07], [0.1, 0.19], [-0.107, 0.186], [-0.215, 0], [-0.107, -0.186], [0.1, -0.19], [0.49, -0.07]]',
      description: "the navigator's footprint while the hand holds something: the base and the arm held out",
      validate: footprintProblem,
    });
    // How far ahead of the base's centre what the hand carries hangs (the footprint's front).
    const carryReachM = Math.max(...parseFootprint(carryFootprint).filter((_, k) => k % 2 === 0));
    const mapFrame = node.declareParameter('map_frame', { type: 'string', default: 'map' });
    const baseFrame = node.declareParameter('base_frame', { type: 'string', default: 'base_footprint' });
    const handFrame = node.declareParameter('hand_frame', { type: 'string', default: 'hand_palm_link' });
    const baseRadiusM = declareFootprintRadius(node);

    if (!houseFile) throw new Error('task_planner: house_file is required (the places things are put)');
    const house: House = parseHouseDescription(readFileSync(houseFile, 'utf8'));
    const rulesSource = existsSync(rulesSaveFile) ? rulesSaveFile : rulesFile;
    const rules = TidyRules.parse(readFileSync(rulesSource, 'utf8'));
    for (const category of rules.categories())
      if (!house.places.some((p) => p.name === rules.ruleFor(category).place))
        log.warn(
          `tidy rule: ${category} → '${rules.ruleFor(category).place}', a place the house does not name`,
        );
    log.info(`${house.places.length} places from ${houseFile}; tidy rules from ${rulesSource}`);
    const world = new WorldModel(house, rules);
    const saveRules = () => {
      try {
        mkdirSync(dirname(rulesSaveFile), { recursive: true });
        writeFileSync(rulesSaveFile, rules.toYaml());
      } catch (error) {
        log.error(`cannot save the tidy rules to '${rulesSaveFile}': ${(error as Error).message}`);
      }
    };

    const listener = new TransformListener(node);
    const robotPose = (): Float64Array | undefined => {
      try {
        return planar(listener.buffer.lookupTransform(mapFrame, baseFrame).transform);
      } catch {
        return undefined;
      }
    };
    /** Where the hand is now (map x, y; the base's centre if tf has no hand), for what it let fall. */
    const dropSpot = () => {
      let xy: readonly [number, number] | undefined;
      try {
        const { translation } = listener.buffer.lookupTransform(mapFrame, handFrame).transform;
        xy = [translation.x, translation.y];
      } catch {
        const robot = robotPose();
        if (robot) xy = [robot[0]!, robot[1]!];
      }
      return xy && { xy, nowS: node.now().seconds };
    };
    const navigate = new ActionClient(node, 'nav2_msgs/action/NavigateToPose', 'navigate_to_pose');
    const computePath = new ActionClient(node, 'nav2_msgs/action/ComputePathToPose', 'compute_path_to_pose');
    const pick = new ActionClient(node, 'katazuke_msgs/action/Pick', 'pick');
    const navigator = navigatorParameters(node, navigatorName);
    const place = new ActionClient(node, 'katazuke_msgs/action/Place', 'place');
    const reply = node.createPublisher('std_msgs/msg/String', '/speech/reply');
    const say = (text: string) => {
      log.info(`says: ${text}`);
      reply.publish({ data: text });
    };

    // ---- perception → world model → what the rest of the stack reads
    let objectsSeenS: number | undefined;
    const itemsOut = node.createPublisher('katazuke_msgs/msg/ItemStateArray', '/world/items', 1);
    const sceneOut = node.createPublisher('std_msgs/msg/String', '/world/scene', {
      depth: 1,
      durability: 'transient_local',
    });
    const obstaclesOut = node.createPublisher('sensor_msgs/msg/PointCloud2', '/world/item_obstacles', 1);
    const progressOut = node.createPublisher('katazuke_msgs/msg/TidyProgress', '/tidy/progress', 1);
    node.createSubscription('vision_msgs/msg/Detection3DArray', '/objects', (message) => {
      try {
        world.observe(message.detections.map(observed), node.now().seconds);
      } catch (error) {
        log.error(`ignoring an /objects message: ${(error as Error).message}`);
        return;
      }
      objectsSeenS ??= node.now().seconds;
      publishWorld();
    });
    let sceneNames = '';
    let sceneSentS = -Infinity;
    const publishWorld = () => {
      const stamp = node.now().toMsg();
      const items = world.items();
      itemsOut.publish({
        header: { stamp, frame_id: mapFrame },
        items: items.map((item) => ({
          id: item.id,
          category: world.categoryOf(item),
          colors: [],
          pose: {
            header: { stamp, frame_id: mapFrame },
            pose: {
              position: { x: item.position[0], y: item.position[1], z: item.position[2] },
              orientation: { x: 0, y: 0, z: 0, w: 1 },
            },
          },
          state: ITEM_STATE[item.status],
        })),
      });
      // The scene rebuilds the grounder and the recognizer's grammar: sent when what it names
      // changes (items, their categories and places), or every scene_period_s for positions.
      const nowS = node.now().seconds;
      const names = items
        .map((i) => `${i.id}:${world.categoryOf(i)}:${i.place?.id ?? ''}:${i.status}`)
        .join(',');
      if (names !== sceneNames || nowS - sceneSentS >= scenePeriodS) {
        sceneNames = names;
        sceneSentS = nowS;
        const robot = robotPose();
        sceneOut.publish({
          data: JSON.stringify({
            objects: items
              .filter((item) => world.categoryOf(item) !== '')
              .map((item) => ({
                id: item.id,
                category: world.categoryOf(item),
                colors: [],
                position: item.position,
                ...(item.place ? { [item.place.kind === 'container' ? 'in' : 'on']: item.place.id } : {}),
                putAway: item.status === 'put_away',
              })),
            furniture: house.places.map((p) => ({
              id: p.id,
              category: p.name,
              position: p.position,
              extent: p.size,
            })),
            ...(robot ? { robot: { position: [robot[0], robot[1], 0], yaw: robot[2] } } : {}),
          }),
        });
      }
      obstaclesOut.publish(
        itemObstacleCloud(
          items.filter((i) => i.id !== current && i.status !== 'held' && !i.place),
          stamp,
          mapFrame,
        ),
      );
      progressOut.publish({
        header: { stamp, frame_id: mapFrame },
        items_total: items.length,
        items_put_away: items.filter((i) => i.status === 'put_away').length,
        current_item_id: current,
      });
    };

    // ---- voice and the rule service
    /** Where the person who spoke last stands ([x, y] in the map), if a /speaker_pose said. */
    let speaker: [number, number] | undefined;
    /** Called when the manipulator says its hand no longer holds what it picked. */
    const handEmptied = new Set<() => void>();
    node.createSubscription('std_msgs/msg/Bool', '/manipulator/holding', (m) => {
      if (!m.data) for (const emptied of handEmptied) emptied();
    });
    node.createSubscription('geometry_msgs/msg/PoseStamped', '/speaker_pose', (m) => {
      if (
        m.header.frame_id !== mapFrame ||
        !Number.isFinite(m.pose.position.x) ||
        !Number.isFinite(m.pose.position.y)
      ) {
        log.warn(
          `ignoring a /speaker_pose: it must be a finite pose in '${mapFrame}' (got '${m.header.frame_id}')`,
        );
        return;
      }
      speaker = [m.pose.position.x, m.pose.position.y];
    });
    let paused = !autoStart;
    const firstCategories = new Set<string>();
    /** Items asked for by name, with the place asked for (undefined: their home), next in line. */
    const requested: Array<{ id: string; place?: string }> = [];
    const setRule = (category: string, placeName: string): string | undefined => {
      if (!house.places.some((p) => p.name === placeName))
        return `the house has no place called '${placeName}'`;
      try {
        const old = rules.ruleFor(category);
        rules.set(category, {
          place: placeName,
          placement: old.isDefault ? 'any' : old.placement,
          priority: old.priority,
        });
      } catch (error) {
        return (error as Error).message;
      }
      saveRules();
      log.info(`tidy rule: ${category} → ${placeName}`);
      return undefined;
    };
    node.createService('katazuke_msgs/srv/SetTidyRule', 'set_tidy_rule', (request, response) => {
      const placeName = house.places.find((p) => p.id === request.place_id)?.name ?? request.place_id;
      const error = setRule(request.category, placeName);
      response.success = error === undefined;
      response.message = error ?? `${request.category} → ${placeName}`;
      return response;
    });
    node.createSubscription(
      'katazuke_msgs/msg/GroundedInstruction',
      '/instruction/grounded',
      (instruction) => {
        const categories = instruction.target_ids
          .map((id) => world.item(id))
          .filter((item): item is TrackedItem => item !== undefined)
          .map((item) => world.categoryOf(item));
        const destination = house.places.find((p) => p.id === instruction.destination_id)?.name;
        switch (instruction.intent) {
          case 'stop':
            paused = true;
            tree?.halt();
            current = '';
            break;
          case 'resume':
          case 'tidy_all':
            paused = false;
            break;
          case 'prioritize':
            for (const category of categories) firstCategories.add(category);
            paused = false;
            break;
          case 'tidy':
          case 'move':
            for (const id of [...instruction.target_ids].reverse())
              requested.unshift({
                id,
                ...(instruction.intent === 'move' && destination ? { place: destination } : {}),
              });
            paused = false;
            break;
          case 'bring':
            for (const id of [...instruction.target_ids].reverse()) requested.unshift({ id, place: SPEAKER });
            paused = false;
            break;
          case 'set_rule':
            if (destination) for (const category of new Set(categories)) setRule(category, destination);
            break;
          default:
            break;
        }
      },
    );

    // ---- the tree's leaves
    // Nav2's behaviour tree log: each tick's status changes, for Groot-style monitors and the viewer.
    const treeLog = node.createPublisher('nav2_msgs/msg/BehaviorTreeLog', '/behavior_tree_log', 10);
    const treeEvents: nav2_msgs.msg.BehaviorTreeStatusChange[] = [];
    const factory = new TreeFactory(
      () => node.now().seconds * 1000,
      (name, previous, current_) =>
        treeEvents.push({
          timestamp: node.now().toMsg(),
          node_name: name,
          previous_status: previous,
          current_status: current_,
        }),
    );
    const publishTreeLog = () => {
      if (treeEvents.length === 0) return;
      treeLog.publish({ timestamp: node.now().toMsg(), event_log: treeEvents.splice(0) });
    };
    let current = '';
    /** Whether a person named where the current item goes (NameItem then keeps it). */
    let placeAsked = false;
    /** Where the last place let go of the item (map), for MarkPutAway. */
    let released: [number, number, number] | undefined;
    /** The item the last failed pick tried, where and since when: what it moved may be seen anew. */
    let tried: { id: string; xy: readonly [number, number]; sinceS: number } | undefined;
    const action = (type: string, body: AsyncActionBody) =>
      factory.register(
        type,
        'leaf',
        (config) =>
          new AsyncActionNode(config, body, (leaf, error) => {
            log.error(`${leaf.name}: ${error.message}`);
            leaf.output('error', error.message);
          }),
      );
    const condition = (type: string, check: (leaf: TreeNode) => boolean) =>
      factory.register(type, 'leaf', (config) => new ConditionNode(config, check));
    const fail = (leaf: TreeNode, why: string) => {
      log.warn(`${leaf.name}: ${why}`);
      leaf.output('error', why);
      return false;
    };
    /** Sends a goal and waits for its result; the tree halting the leaf cancels it. */
    const run = async <R>(
      client: {
        sendGoal(
          goal: never,
        ): Promise<{ accepted: boolean; getResult(): Promise<R>; cancelGoal(): Promise<unknown> }>;
      },
      goal: unknown,
      signal: AbortSignal,
    ): Promise<R | undefined> => {
      const handle = await client.sendGoal(goal as never);
      if (!handle.accepted) return undefined;
      const cancel = () => void handle.cancelGoal();
      signal.addEventListener('abort', cancel, { once: true });
      try {
        return await handle.getResult();
      } finally {
        signal.removeEventListener('abort', cancel);
      }
    };
    /** Drives to a pose: asks the planner for a path first (quick), so a stand it cannot reach costs no recoveries. */
    const driveTo = async (pose: readonly [number, number, number], signal: AbortSignal) => {
      const target = {
        header: { stamp: node.now().toMsg(), frame_id: mapFrame },
        pose: poseMessage(...pose),
      };
      const planned = await run<{ status: number; result: { path: { poses: unknown[] } } }>(
        computePath,
        { goal: target, start: target, planner_id: '', use_start: false },
        signal,
      );
      if (planned?.status !== NAV_SUCCEEDED || planned.result.path.poses.length === 0) return false;
      const result = await run<{ status: number }>(
        navigate,
        {
          pose: { header: { stamp: node.now().toMsg(), frame_id: mapFrame }, pose: poseMessage(...pose) },
          behavior_tree: '',
        },
        signal,
      );
      return result?.status === NAV_SUCCEEDED;
    };

    factory.register(
      'WaitForObjects',
      'leaf',
      (config) =>
        new WaitUntilNode(
          config,
          () => objectsSeenS !== undefined && node.now().seconds - objectsSeenS >= observeS,
        ),
    );
    /** Places the robot failed to put things at, how often; at `place_failures_to_give_up` it stops trying. */
    const placeFailures = new Map<string, number>();
    const placeFailed = (name: string) => {
      const count = (placeFailures.get(name) ?? 0) + 1;
      placeFailures.set(name, count);
    };
    /**
     * Stands before each place that the manipulator could not put anything at the place from (it
     * plans its own reach, which a stand on the place's far end may not give): the next drive
     * there goes to another one. And the stand the last drive to a place reached.
     */
    const failedStands = new Map<string, Array<readonly [number, number]>>();
    let lastStand: { readonly place: string; readonly xy: readonly [number, number] } | undefined;
    // Places whose top (or lowest shelf) the hand cannot reach from above are out of reach from the start; said once.
    for (const place of house.places) {
      const lowest = Math.min(...placeLevels(place));
      if (place.kind !== 'container' && lowest > maxPlaceHeightM && !placeFailures.has(place.name)) {
        placeFailures.set(place.name, placeFailuresToGiveUp);
        log.info(
          `the ${place.name} (${place.kind === 'shelf' ? 'lowest shelf' : 'top'} ${lowest.toFixed(2)} m) is above max_place_height: what goes there is left`,
        );
      }
    }
    const reported = new Set<string>();
    /** Items whose every grasp was beyond the arm's reach (see PickItem). */
    const beyondReach = new Set<string>();
    condition('NextItem', (leaf) => {
      for (const item of world.items()) {
        const place = rules.ruleFor(world.categoryOf(item)).place;
        if (item.status === 'loose' && (placeFailures.get(place) ?? 0) >= placeFailuresToGiveUp) {
          world.markUnreachable(item.id, `the ${place} is out of reach`);
          if (!reported.has(place)) say(`I can't reach the ${place}; I'll leave what goes there for you.`);
          reported.add(place);
        }
      }
      // Under a sofa or a desk the hand, coming down from above, meets the furniture: a person
      // has to fetch it (tried, the jaws came down on the sofa's seat three times).
      for (const item of world.items()) {
        if (item.status !== 'loose') continue;
        const over = furnitureOver(house.places, item.position, item.size);
        if (!over) continue;
        world.markUnreachable(item.id, `it is under the ${over.name}`);
        say(
          `I can't reach the ${world.categoryOf(item) || 'thing'} under the ${over.name}; could you get it out?`,
        );
      }
      const robot = robotPose();
      const from: [number, number] = robot ? [robot[0]!, robot[1]!] : [0, 0];
      while (requested.length > 0 && world.item(requested[0]!.id)?.status !== 'loose') requested.shift();
      const asked = requested.shift();
      const item = asked ? world.item(asked.id) : world.nextLoose(from, firstCategories);
      if (!item) return false;
      const rule = rules.ruleFor(world.categoryOf(item));
      if (rule.isDefault)
        say(`I don't know where ${world.categoryOf(item) || 'this'} goes; I'll put it on the ${rule.place}.`);
      current = item.id;
      placeAsked = asked?.place !== undefined;
      leaf.output('item', item.id);
      leaf.output('place', asked?.place ?? rule.place);
      leaf.output('placement', rule.placement);
      const history =
        item.failures > 0 ? `, ${item.failures} failed ${item.failures > 1 ? 'tries' : 'try'} before` : '';
      log.info(`next: ${item.id} (${world.categoryOf(item)}) → ${asked?.place ?? rule.place}${history}`);
      return true;
    });
    // What the item is, as perception names it now that the head camera has looked at it from
    // the pick's stand (from across the room a sock and a glove differ by a centimetre): its home
    // follows, unless a person named where it goes.
    condition('NameItem', (leaf) => {
      const item = world.item(leaf.requireInput<string>('item'));
      if (!item || placeAsked) return true;
      const category = world.categoryOf(item);
      const rule = rules.ruleFor(category);
      if (rule.place !== leaf.requireInput<string>('place')) {
        log.info(`${item.id} seen from close up is a ${category || 'thing'}: to the ${rule.place}`);
        leaf.output('place', rule.place);
        leaf.output('placement', rule.placement);
      }
      return true;
    });
    action('NavigateToItem', async (leaf, signal) => {
      const item = world.item(leaf.requireInput<string>('item'));
      if (!item) return fail(leaf, 'the item is no longer seen');
      const robot = robotPose();
      if (!robot) return fail(leaf, `no transform ${mapFrame} → ${baseFrame}`);
      const candidates = itemApproaches([item.position[0], item.position[1]], [robot[0]!, robot[1]!], {
        standoffM,
        baseRadiusM,
        marginM: STAND_MARGIN_M,
        places: house.places,
        otherItems: world
          .items()
          .filter((other) => other.id !== item.id && other.status !== 'held' && other.place === undefined)
          .map((other) => [other.position[0], other.position[1]] as const),
      }).filter(([x, y]) => insideRoom(house, x, y, baseRadiusM + STAND_MARGIN_M));
      if (candidates.length === 0) return fail(leaf, 'nowhere clear to stand beside it');
      for (const pose of candidates.slice(0, 8)) {
        if (signal.aborted) return false;
        if (await driveTo(pose, signal)) return true;
      }
      return fail(leaf, 'no way to drive beside it');
    });
    action('PickItem', async (leaf, signal) => {
      const id = leaf.requireInput<string>('item');
      const item = world.item(id);
      if (!item) return fail(leaf, 'the item is no longer seen');
      const sinceS = node.now().seconds;
      const result = await run<{ result: { error_code: number; message: string; attempts: number } }>(
        pick,
        // No class hint: the manipulator ranks grasps on perception's hypotheses as they are
        // after its own close look, runner-up classes included.
        { object_id: item.id, class_hint: '' },
        signal,
      );
      if (!result) return fail(leaf, 'the manipulator refused the pick');
      const { error_code: code, message, attempts } = result.result;
      // Every grasp out of the arm's reach from every stand the manipulator found (an item deep
      // on a sofa): coming back later changes nothing, so it is asked about at once.
      if (code === PICK_NOT_REACHABLE && attempts === 0) beyondReach.add(id);
      if (code !== 0) {
        // Tried: the hand may have lifted it and let it fall, or pushed it, somewhere near.
        if (attempts > 0) {
          const xy = [item.position[0], item.position[1]] as const;
          world.markDropped(id, message, { xy, nowS: node.now().seconds });
          tried = { id, xy, sinceS };
        }
        return fail(leaf, `pick failed: ${message}`);
      }
      world.markHeld(item);
      return true;
    });
    action('NavigateToPlace', async (leaf, signal) => {
      const asked = leaf.requireInput<string>('place');
      // Carrying `item` (when the tree names it): no trip once it is known to be out of the hand.
      const carried = leaf.input<string>('item');
      if (carried !== undefined && world.item(carried)?.status !== 'held')
        return fail(leaf, `the hand no longer holds ${carried}`);
      const robot = robotPose();
      if (!robot) return fail(leaf, `no transform ${mapFrame} → ${baseFrame}`);
      if (asked === SPEAKER && speaker) {
        // In front of the speaker, on the robot's side, facing them.
        const away = Math.atan2(robot[1]! - speaker[1], robot[0]! - speaker[0]);
        for (const turn of [0, 0.6, -0.6, 1.2, -1.2]) {
          const x = speaker[0] + SPEAKER_DISTANCE_M * Math.cos(away + turn);
          const y = speaker[1] + SPEAKER_DISTANCE_M * Math.sin(away + turn);
          if (signal.aborted) return false;
          if (await driveTo([x, y, away + turn + Math.PI], signal)) return true;
        }
        return fail(leaf, 'no way to drive to you');
      }
      const name = asked === SPEAKER ? speakerPlace : asked;
      const places = house.places
        .filter((p) => p.name === name)
        .sort(
          (a, b) =>
            Math.hypot(a.position[0] - robot[0]!, a.position[1] - robot[1]!) -
            Math.hypot(b.position[0] - robot[0]!, b.position[1] - robot[1]!),
        );
      if (places.length === 0) return fail(leaf, `the house has no place called '${name}'`);
      // What the hand carries hangs ahead of the base, lower than a kitchen counter's top: the
      // stand keeps it off the place's edge (a cup and a plate struck it as the base drove up).
      const held = carried === undefined ? undefined : world.item(carried);
      const standClearanceM = Math.max(
        baseRadiusM + 0.3,
        held ? carryReachM + Math.max(held.size[0], held.size[1]) / 2 + CARRIED_CLEARANCE_M : 0,
      );
      const driveToPlace = async (signal: AbortSignal) => {
        for (const target of places) {
          // Any other piece of furniture counts here, whatever its height (the navigator's footprint
          // is round); and a side against a wall has no stand (the map may not show the wall behind
          // the furniture, and the navigator then drives at it).
          const stands = clearPlaceStands(
            house,
            target,
            [robot[0]!, robot[1]!],
            standClearanceM,
            baseRadiusM,
          );
          const failed = failedStands.get(name) ?? [];
          const untried = stands.filter(
            ([x, y]) => !failed.some(([fx, fy]) => Math.hypot(x - fx, y - fy) < FAILED_STAND_M),
          );
          for (const stand of (untried.length > 0 ? untried : stands).slice(0, 8)) {
            if (signal.aborted) return undefined;
            if (await driveTo(stand, signal)) {
              lastStand = { place: name, xy: [stand[0], stand[1]] };
              return true;
            }
          }
        }
        return false;
      };
      // Carrying, the trip ends the moment the hand is found empty (the item slipped out on the way).
      const trip = new AbortController();
      const endTrip = () => trip.abort();
      signal.addEventListener('abort', endTrip);
      if (carried !== undefined) handEmptied.add(endTrip);
      const arrived = await (
        carried === undefined
          ? driveToPlace(trip.signal)
          : navigator.during(
              {
                max_vel_theta: carryTurnRate,
                acc_lim_theta: carryTurnAccel,
                footprint: carryFootprint,
                travel_heading: 'goal',
              },
              () => driveToPlace(trip.signal),
              (why) => log.warn(`NavigateToPlace: ${why}`),
            )
      ).finally(() => {
        signal.removeEventListener('abort', endTrip);
        handEmptied.delete(endTrip);
      });
      if (carried !== undefined && trip.signal.aborted && !signal.aborted) {
        world.markDropped(carried, 'it slipped out of the hand on the way', dropSpot());
        return fail(leaf, `the hand no longer holds ${carried}: it slipped out on the way`);
      }
      if (arrived !== false) return arrived === true;
      placeFailed(name);
      return fail(leaf, `no way to drive to the ${name}`);
    });
    const putDown = async (goal: object, signal: AbortSignal) =>
      run<{
        result: {
          error_code: number;
          message: string;
          released_pose: { pose: { position: { x: number; y: number; z: number } } };
        };
      }>(
        place,
        {
          place_name: '',
          pose: {
            header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' },
            pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
          },
          orientation: 0,
          ...goal,
        },
        signal,
      );
    action('PlaceItem', async (leaf, signal) => {
      const id = leaf.requireInput<string>('item');
      const asked = leaf.requireInput<string>('place');
      const placement = (leaf.input<string>('placement') ?? 'any') as Placement;
      const robot = robotPose();
      if (asked === SPEAKER && speaker && !robot)
        return fail(leaf, `no transform ${mapFrame} → ${baseFrame}`);
      // For the speaker: down on the floor between the robot and them.
      const toSpeaker =
        asked === SPEAKER && speaker && robot
          ? {
              pose: {
                header: { stamp: node.now().toMsg(), frame_id: mapFrame },
                pose: poseMessage(
                  (robot[0]! * 2 + speaker[0]) / 3,
                  (robot[1]! * 2 + speaker[1]) / 3,
                  robot[2]!,
                ),
              },
            }
          : undefined;
      const name = asked === SPEAKER ? speakerPlace : asked;
      const result = await putDown(
        toSpeaker ?? { place_name: name, orientation: PLACEMENT_CODE[placement] ?? 0 },
        signal,
      );
      if (!result) return fail(leaf, 'the manipulator refused the place');
      if (result.result.error_code !== 0) {
        if (result.result.error_code === 4) world.markDropped(id, result.result.message, dropSpot());
        if (result.result.error_code === 1) {
          placeFailed(name);
          if (lastStand?.place === name)
            failedStands.set(name, [...(failedStands.get(name) ?? []), lastStand.xy]);
        }
        return fail(leaf, `place failed: ${result.result.message}`);
      }
      log.info(`put ${id} ${asked === SPEAKER ? 'down for the speaker' : `at the ${name}`}`);
      const { x, y, z } = result.result.released_pose.pose.position;
      released = [x, y, z];
      if (asked === SPEAKER) {
        world.markDelivered(id);
        const item = world.item(id);
        say(`Here is the ${(item && world.categoryOf(item)) || 'thing'} you asked for.`);
      }
      return true;
    });
    action('PutDownHeld', async (_leaf, signal) => {
      const held = world.items().find((item) => item.status === 'held');
      if (!held) return true;
      const robot = robotPose();
      if (!robot) return false;
      // On the floor just in front of the base, where it was carrying it.
      const reach = baseRadiusM + 0.25;
      const x = robot[0]! + Math.cos(robot[2]!) * reach;
      const y = robot[1]! + Math.sin(robot[2]!) * reach;
      const result = await putDown(
        {
          pose: {
            header: { stamp: node.now().toMsg(), frame_id: mapFrame },
            pose: poseMessage(x, y, robot[2]!),
          },
        },
        signal,
      );
      world.markDropped(held.id, 'put down after a failed place', { xy: [x, y], nowS: node.now().seconds });
      return result?.result.error_code === 0;
    });
    condition('MarkPutAway', (leaf) => {
      const id = leaf.requireInput<string>('item');
      if (world.item(id)?.status !== 'delivered') world.markPutAway(id, released);
      released = undefined;
      current = '';
      publishWorld();
      return true;
    });
    condition('MarkFailed', (leaf) => {
      const id = leaf.requireInput<string>('item');
      const why = leaf.input<string>('error') ?? 'it failed';
      world.markFailed(id, why, beyondReach.has(id) ? 1 : maxFailures, tried?.id === id ? tried : undefined);
      tried = undefined;
      const item = world.item(id);
      if (item?.status === 'unreachable')
        say(`I can't tidy the ${world.categoryOf(item) || 'item'}: ${why}.`);
      current = '';
      return true;
    });
    condition('Say', (leaf) => {
      say(leaf.requireInput<string>('text'));
      return true;
    });

    // The house is known before any item is: the grounder and the recognizer can start on it.
    publishWorld();

    // ---- ticking
    let tree: Tree | undefined;
    const newTree = () => factory.createTree(readFileSync(treeFile, 'utf8'));
    tree = newTree();
    let finished = false;
    node.createTimer(BigInt(Math.round(1e9 / tickHz)), () => {
      publishTreeLog(); // what halts changed since the last tick
      if (paused || !tree) return;
      if (finished) {
        // Tidy again when something new turns up loose.
        if (!world.items().some((item) => item.status === 'loose')) return;
        finished = false;
      }
      try {
        const status = tree.tick();
        publishTreeLog();
        if (status !== 'RUNNING') {
          finished = true;
          current = '';
          log.info(`tidy-up ${status === 'SUCCESS' ? 'done' : 'failed'}`);
          tree = newTree();
        }
      } catch (error) {
        log.error(`behaviour tree: ${(error as Error).message}; stopped`);
        tree.halt();
        paused = true;
      }
    });
    return node;
  },
});

function observed(detection: vision_msgs.msg.Detection3D) {
  const c = detection.bbox.center.position;
  const s = detection.bbox.size;
  if (![c.x, c.y, c.z, s.x, s.y, s.z].every(Number.isFinite))
    throw new Error(`object '${detection.id}' has a non-finite box`);
  return {
    id: detection.id,
    hypotheses: detection.results.map((r) => ({
      category: r.hypothesis.class_id,
      score: r.hypothesis.score,
    })),
    position: [c.x, c.y, c.z] as [number, number, number],
    size: [s.x, s.y, s.z] as [number, number, number],
  };
}

/** Points over each item's footprint (5 cm apart) as a PointCloud2 of float32 x, y, z: what navigation must not drive over. */
function itemObstacleCloud(
  items: readonly TrackedItem[],
  stamp: { sec: number; nanosec: number },
  frame: string,
): sensor_msgs.msg.PointCloud2 {
  const step = 0.05;
  const xyz: number[] = [];
  for (const item of items) {
    const nx = Math.max(1, Math.ceil(item.size[0] / step));
    const ny = Math.max(1, Math.ceil(item.size[1] / step));
    for (let i = 0; i <= nx; i++)
      for (let j = 0; j <= ny; j++)
        xyz.push(
          item.position[0] - item.size[0] / 2 + (item.size[0] * i) / nx,
          item.position[1] - item.size[1] / 2 + (item.size[1] * j) / ny,
          item.position[2],
        );
  }
  const count = xyz.length / 3;
  return {
    header: { stamp, frame_id: frame },
    height: 1,
    width: count,
    fields: ['x', 'y', 'z'].map((name, k) => ({ name, offset: 4 * k, datatype: 7, count: 1 })),
    is_bigendian: false,
    point_step: 12,
    row_step: 12 * count,
    data: new Uint8Array(Float32Array.from(xyz).buffer),
    is_dense: true,
  };
}
