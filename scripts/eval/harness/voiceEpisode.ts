/**
 * Scripted voice episodes for eval:tidy: the stack launched as on the robot at real time (so
 * latencies mean what they would on a robot), the items' true poses and classes on /objects, and
 * speech synthesized with espeak-ng played to the speech recognizer as AudioClips on
 * /speech/audio (the clip holds the whole utterance: the end of speech is when it is sent).
 * Once the robot drives somewhere to tidy: "stop" → how long until base and arm are at rest (odometry
 * twist and joint velocities under 1 cm/s, 0.01 rad/s); "tidy up" → how long until it moves
 * again; "where is the X?" for up to three categories with one item in the room → right when
 * the grounded answer's item lies within 30 cm of the true one.
 */
import type { Launcher } from '../../../src/runtime/launch/Launcher.ts';
import { synthesize } from '../../../src/speech/EspeakSynthesizer.ts';
import type { World } from '../../../sim/world/World.ts';
import { startTruthFeeds } from './truthFeeds.ts';

export interface VoiceResult {
  readonly stopLatencyS: number | undefined;
  readonly voiceToMotionS: number | undefined;
  readonly whereIsAsked: number;
  readonly whereIsRight: number;
}

const MOVING = 0.02;
const AT_REST = 0.01;

export async function runVoiceEpisode(
  launcher: Launcher,
  world: World,
  log: (line: string) => void = () => {},
): Promise<VoiceResult> {
  const probe = launcher.context.createNode('voice_evaluation', {
    arguments: ['--ros-args', '-p', 'use_sim_time:=true'],
  });
  let simS = 0;
  probe.createSubscription(
    'rosgraph_msgs/msg/Clock',
    '/clock',
    (m) => (simS = m.clock.sec + m.clock.nanosec * 1e-9),
  );
  const truth = startTruthFeeds(probe, world.items, { localization: false });
  let baseSpeed = 0;
  let jointSpeed = 0;
  probe.createSubscription('nav_msgs/msg/Odometry', '/odom', (m) => {
    const t = m.twist.twist;
    baseSpeed = Math.max(Math.hypot(t.linear.x, t.linear.y), Math.abs(t.angular.z) * 0.3);
  });
  probe.createSubscription('sensor_msgs/msg/JointState', '/joint_states', (m) => {
    jointSpeed = 0;
    for (const v of m.velocity) jointSpeed = Math.max(jointSpeed, Math.abs(v));
  });
  const grounded: { intent: string; target_ids: string[] }[] = [];
  probe.createSubscription('katazuke_msgs/msg/GroundedInstruction', '/instruction/grounded', (m) =>
    grounded.push({ intent: m.intent, target_ids: [...m.target_ids] }),
  );
  const known = new Map<string, [number, number]>();
  probe.createSubscription('katazuke_msgs/msg/ItemStateArray', '/world/items', (m) => {
    for (const item of m.items) known.set(item.id, [item.pose.pose.position.x, item.pose.pose.position.y]);
  });
  probe.createSubscription('katazuke_msgs/msg/Transcript', '/speech/transcript', (m) =>
    log(`heard '${m.text}' at ${simS.toFixed(2)} s`),
  );
  probe.createSubscription('std_msgs/msg/String', '/speech/reply', (m) => log(`replied '${m.data}'`));
  const audio = probe.createPublisher('katazuke_msgs/msg/AudioClip', '/speech/audio', 1);
  const say = async (text: string) => {
    const clip = await synthesize(text);
    audio.publish({
      header: { stamp: probe.now().toMsg(), frame_id: 'microphone' },
      sample_rate: clip.sampleRate,
      samples: clip.samples,
    });
    log(`said '${text}' at ${simS.toFixed(2)} s`);
    return simS;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const waitFor = async (condition: () => boolean, maxSimS: number) => {
    const until = simS + maxSimS;
    while (!condition() && simS < until) await sleep(5);
    return condition();
  };
  const busy = () => baseSpeed > MOVING || jointSpeed > MOVING;
  const atRest = () => baseSpeed < AT_REST && jointSpeed < AT_REST;

  const heard = (intents: readonly string[], from: number) => () =>
    grounded.slice(from).some((g) => intents.includes(g.intent));
  let stopLatencyS: number | undefined;
  let voiceToMotionS: number | undefined;
  // Busy tidying: the base driving somewhere (the arm moves at the start too, settling).
  if (await waitFor(() => baseSpeed > MOVING && simS > 5, 90)) {
    const before = grounded.length;
    const spoken = await say('stop');
    // It counts only if the stop was understood and the robot then stays at rest.
    if ((await waitFor(atRest, 10)) && (await waitFor(heard(['stop'], before), 10))) {
      const restedS = simS;
      const stayed = !(await waitFor(busy, 2));
      if (stayed) stopLatencyS = restedS - spoken;
      const resumedFrom = grounded.length;
      const resumed = await say('tidy up');
      if (stayed && (await waitFor(busy, 10)) && heard(['resume', 'tidy_all'], resumedFrom)())
        voiceToMotionS = simS - resumed;
    }
  }

  // Where-is questions about categories with one item in the room.
  const counts = new Map<string, number>();
  for (const item of world.items) counts.set(item.category, (counts.get(item.category) ?? 0) + 1);
  const single = world.items.filter((item) => counts.get(item.category) === 1).slice(0, 3);
  let right = 0;
  for (const item of single) {
    const before = grounded.length;
    await say(`where is the ${item.category.replaceAll('_', ' ')}`);
    await waitFor(() => grounded.length > before, 10);
    const answer = grounded[before];
    const truePose = truth.items()?.items.find((i) => i.id === item.id)?.pose.pose.position;
    const answered = answer?.intent === 'find' ? known.get(answer.target_ids[0] ?? '') : undefined;
    if (answered && truePose && Math.hypot(answered[0] - truePose.x, answered[1] - truePose.y) < 0.3) right++;
  }
  truth.stop();
  return { stopLatencyS, voiceToMotionS, whereIsAsked: single.length, whereIsRight: right };
}
