import { spawn, type ChildProcess } from 'node:child_process';
import { Context } from '../../src/runtime/Context.ts';
import { CLI_ENTRY } from '../../src/runtime/launch/Launcher.ts';
import type { LogRecord } from '../../src/runtime/Logger.ts';
import type { Node } from '../../src/runtime/Node.ts';
import { StaticTransformBroadcaster } from '../../src/runtime/tf/TransformBroadcaster.ts';

/** A local context whose log lines are collected instead of printed. */
export function testContext(argv: string[] = []): { context: Context; logs: LogRecord[] } {
  const logs: LogRecord[] = [];
  const context = Context.local({ argv, logSinks: [(record) => logs.push(record)] });
  return { context, logs };
}

/** Publishes a /clock message at `seconds` of sim time and lets the executor process it. */
export function setSimTime(
  context: Context,
  publisher: { publish(m: { clock: { sec: number; nanosec: number } }): void },
  seconds: number,
): void {
  const nanoseconds = Math.round(seconds * 1e9);
  publisher.publish({ clock: { sec: Math.floor(nanoseconds / 1e9), nanosec: nanoseconds % 1e9 } });
  context.spinSome();
}

/** Latches `parent` ← `child` on /tf_static: pose [x, y, z, qx, qy, qz, qw]. */
export function broadcastStaticPose(
  node: Node,
  parent: string,
  child: string,
  pose: ArrayLike<number>,
): void {
  new StaticTransformBroadcaster(node).sendTransform({
    header: { stamp: { sec: 0, nanosec: 0 }, frame_id: parent },
    child_frame_id: child,
    transform: {
      translation: { x: pose[0]!, y: pose[1]!, z: pose[2]! },
      rotation: { x: pose[3]!, y: pose[4]!, z: pose[5]!, w: pose[6]! },
    },
  });
}

/** Polls `predicate` (for work that happens in other processes or on sockets). */
export function until(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (predicate()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

/** Starts `katazuke launch ARGS --control-port 0`; resolves once its control endpoint is up, with the process and the endpoint's URL. */
export function startLaunch(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ launch: ChildProcess; url: string }> {
  const launch = spawn(process.execPath, [CLI_ENTRY, 'launch', ...args, '--control-port', '0'], {
    env: { ...process.env, ...env },
  });
  let output = '';
  launch.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    launch.stdout!.on('data', (d) => {
      output += d;
      const match = /control endpoint (ws:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ launch, url: match[1]! });
    });
    launch.on('exit', (code) => reject(new Error(`launch exited early with ${code}: ${output}`)));
  });
}
