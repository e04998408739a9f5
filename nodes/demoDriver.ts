/**
 * demo_driver: drives the simulated robot in a slow figure so a newcomer sees it move — ahead,
 * turn, sideways — and opens and closes the gripper, until the real planner exists. Publishes
 * /cmd_vel at 10 Hz and /gripper/command once per phase, in sim time.
 */
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';

const PHASES: ReadonlyArray<{ seconds: number; vx: number; vy: number; wz: number }> = [
  { seconds: 4, vx: 0.25, vy: 0, wz: 0 },
  { seconds: 3, vx: 0, vy: 0, wz: 0.6 },
  { seconds: 3, vx: 0, vy: 0.2, wz: 0 },
  { seconds: 3, vx: -0.2, vy: 0, wz: -0.4 },
];

export default defineNode({
  description: 'drives the simulated robot around for the demo',
  start(context, { arguments: args }) {
    const node = context.createNode('demo_driver', {
      arguments: args,
      parameterOverrides: { use_sim_time: true },
    });
    const cmd = node.createPublisher('geometry_msgs/msg/Twist', '/cmd_vel');
    const gripper = node.createPublisher('std_msgs/msg/Float64', '/gripper/command');
    let lastPhase: (typeof PHASES)[number] | undefined;
    const cycle = PHASES.reduce((s, p) => s + p.seconds, 0);
    node.createTimer(100_000_000n, () => {
      let t = node.now().seconds % cycle;
      const phase = PHASES.find((p) => (t -= p.seconds) < 0) ?? PHASES[0]!;
      cmd.publish({ linear: { x: phase.vx, y: phase.vy, z: 0 }, angular: { x: 0, y: 0, z: phase.wz } });
      if (phase !== lastPhase) gripper.publish({ data: PHASES.indexOf(phase) % 2 === 0 ? 0.1 : 0 });
      lastPhase = phase;
    });
    return node;
  },
});
