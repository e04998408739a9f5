import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBag } from '../../src/runtime/bag/BagReader.ts';
import { BagWriter } from '../../src/runtime/bag/BagWriter.ts';
import { CLI_ENTRY } from '../../src/runtime/launch/Launcher.ts';
import { messageRegistry } from '../../src/runtime/messages/MessageRegistry.ts';
import { startLaunch } from '../runtime/helpers.ts';

const STRING = 'std_msgs/msg/String';

const DEMO = fileURLToPath(new URL('../../launch/demo.launch.yaml', import.meta.url));
let launch: ChildProcess;
let url = '';

function katazuke(
  args: string[],
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
      env: { ...process.env, KATAZUKE_CONTROL_URL: url },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`katazuke ${args.join(' ')} timed out; stdout: ${stdout} stderr: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  ({ launch, url } = await startLaunch([DEMO, 'rate_hz:=20']));
});

afterAll(async () => {
  const exited = new Promise((resolve) => launch.once('exit', resolve));
  launch.kill('SIGINT');
  await exited;
});

describe('katazuke CLI against a running launch', () => {
  it('topic echo sees a message that topic pub sent', async () => {
    const echo = katazuke(['topic', 'echo', '/cli_check', '--once']);
    const pub = await katazuke([
      'topic',
      'pub',
      '/cli_check',
      'std_msgs/msg/String',
      'data: hello from the cli',
      '--times',
      '30',
      '--rate',
      '10',
    ]);
    expect(pub.code).toBe(0);
    const echoed = await echo;
    expect(echoed.code).toBe(0);
    expect(echoed.stdout).toContain('data: hello from the cli\n---');
  });

  it('lists topics with types and nodes', async () => {
    const topics = await katazuke(['topic', 'list', '-t']);
    expect(topics.stdout).toContain('/demo/chatter [std_msgs/msg/String]');
    expect(topics.stdout).toContain('/tf_static [tf2_msgs/msg/TFMessage]');
    const nodes = await katazuke(['node', 'list']);
    expect(nodes.stdout.split('\n')).toEqual(
      expect.arrayContaining(['/demo/talker', '/demo/listener', '/frame_broadcaster']),
    );
  });

  it('gets, sets and dumps parameters, and rejects a value of the wrong type', async () => {
    expect((await katazuke(['param', 'get', '/demo/talker', 'greeting'])).stdout).toContain(
      'String value is: "hello from katazuke"',
    );
    expect((await katazuke(['param', 'set', '/demo/talker', 'greeting', 'hi there'])).stdout).toContain(
      'Set parameter successful',
    );
    const echoed = await katazuke(['topic', 'echo', '/demo/chatter', '--once']);
    expect(echoed.stdout).toMatch(/data: "hi there: \d+"/);
    const bad = await katazuke(['param', 'set', '/demo/talker', 'rate_hz', 'fast']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('expected double, got string "fast"');
    expect((await katazuke(['param', 'get', '/frame_broadcaster', 'period_s'])).stdout).toContain(
      'Double value is: 20.0',
    );
    expect((await katazuke(['param', 'dump', '/frame_broadcaster'])).stdout).toContain(
      '/frame_broadcaster:\n  ros__parameters:\n    period_s: 20.0\n    radius_m: 1.5',
    );
    // Six CLI processes, each starting tsx: 18 s on an idle 2-core machine, over 30 s beside other work.
  }, 60_000);

  it('calls a service', async () => {
    const result = await katazuke(['service', 'call', '/demo/talker/get_parameters', 'names: [rate_hz]']);
    expect(result.stdout).toContain('double_value: 20');
  });

  it('bag record, info and play: a played bag comes back byte for byte, in its order and rhythm', async () => {
    const root = mkdtempSync(join(tmpdir(), 'katazuke-cli-bag-'));
    const original = join(root, 'original');
    const registry = messageRegistry();
    const writer = await BagWriter.create(original);
    const topic = await writer.addTopic('/bag_check', STRING, registry.schema(STRING));
    const t0 = 1_700_000_000_000_000_000n;
    const sent: Uint8Array[] = [];
    for (let k = 0; k < 40; k++) {
      // An uneven rhythm: 75 ms, then 35 ms between messages.
      const bytes = registry.serializer(STRING).write({ data: `message ${k}` });
      sent.push(bytes);
      await writer.write(topic, bytes, t0 + BigInt(k * 55_000_000 + (k % 2) * 20_000_000));
    }
    await writer.close();
    const info = await katazuke(['bag', 'info', original]);
    expect(info.code).toBe(0);
    expect(info.stdout).toContain('Topic: /bag_check | Type: std_msgs/msg/String | Count: 40');
    const replayed = join(root, 'replayed');
    const recording = katazuke(['bag', 'record', '-o', replayed, '/bag_check', '--duration', '5']);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const played = await katazuke(['bag', 'play', original]);
    expect(played.stdout).toContain('played 40 messages');
    expect((await recording).code).toBe(0);
    const back = readBag(replayed);
    expect(back.error).toBeUndefined();
    expect(back.messages.map((m) => Buffer.from(m.data).toString('hex'))).toEqual(
      sent.map((b) => Buffer.from(b).toString('hex')),
    );
    const gaps = back.messages
      .slice(1)
      .map((m, k) => Number(m.logTimeNs - back.messages[k]!.logTimeNs) / 1e6);
    // Each gap as received carries the bus's jitter (ms on a loaded machine); their means keep the rhythm.
    const mean = (parity: number) => {
      const picked = gaps.filter((_, k) => k % 2 === parity);
      return picked.reduce((a, b) => a + b, 0) / picked.length;
    };
    expect(mean(0)).toBeCloseTo(75, -1);
    expect(mean(1)).toBeCloseTo(35, -1);
    expect(Math.abs(gaps.reduce((a, b) => a + b, 0) - (20 * 75 + 19 * 35))).toBeLessThan(30);
  });

  it('says clearly when no system is running', async () => {
    const saved = url;
    url = 'ws://127.0.0.1:9';
    const result = await katazuke(['topic', 'list']);
    url = saved;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach a running katazuke system at ws://127.0.0.1:9');
  });
});

describe('katazuke launch --isolated', () => {
  it('runs each node as its own process and Ctrl-C stops them all cleanly', async () => {
    const child = spawn(process.execPath, [
      CLI_ENTRY,
      'launch',
      DEMO,
      '--isolated',
      '--control-port',
      'off',
      'rate_hz:=20',
    ]);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const pids = await new Promise<number[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no node output: ${output}`)), 20_000);
      const poll = setInterval(() => {
        const found = new Set(
          [...output.matchAll(/^\[(talker|listener|frame_broadcaster)-(\d+)\]/gm)].map(
            (m) => `${m[1]}:${m[2]}`,
          ),
        );
        if (output.includes("I heard: 'hello from katazuke") && found.size >= 2) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve([...found].map((entry) => Number(entry.split(':')[1])));
        }
      }, 50);
    });
    expect(new Set([...pids, child.pid]).size).toBe(pids.length + 1);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('katazuke ground', () => {
  const SCENE = fileURLToPath(new URL('../fixtures/scenes/living_room.json', import.meta.url));

  it('grounds an instruction and its follow-up answers, printing one JSON object', async () => {
    const result = await katazuke([
      'ground',
      '--scene',
      SCENE,
      'put the cup in the toy box',
      'the one by the sofa',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      intent: 'move',
      targets: ['cup_blue'],
      destination: 'toy_box',
      question: 'Which cup: the red one on the low table or the blue one under the sofa?',
      reply: 'OK, I will put the blue cup under the sofa in the toy box.',
    });
  });

  it('Japanese, and a clear error for a missing scene', async () => {
    expect(
      JSON.parse((await katazuke(['ground', '--scene', SCENE, '--lang', 'ja', 'リモコンはどこ？'])).stdout),
    ).toMatchObject({ intent: 'find', targets: ['remote'] });
    const missing = await katazuke(['ground', '--scene', '/no/such/scene.json', 'tidy up']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot read scene '/no/such/scene.json'");
  });
});
