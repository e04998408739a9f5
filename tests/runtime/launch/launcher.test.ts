import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../helpers.ts';
import { packageIndex } from '../../../src/cli/packages.ts';
import { Launcher } from '../../../src/runtime/launch/Launcher.ts';
import type { LogRecord } from '../../../src/runtime/Logger.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/launch/${name}`, import.meta.url));
const launchers: Launcher[] = [];
afterEach(async () => {
  for (const launcher of launchers.splice(0)) await launcher.shutdown();
});

describe('launcher', () => {
  it('composed: a throwing callback and a node that fails to start do not take the others down', async () => {
    const logs: LogRecord[] = [];
    const launcher = await Launcher.start(fixture('composed.launch.yaml'), {
      packages: packageIndex(),
      mode: 'composed',
      logSinks: [(r) => logs.push(r)],
    });
    launchers.push(launcher);
    await until(
      () => logs.filter((l) => l.name === 'listener' && l.message.startsWith('I heard')).length >= 3,
      'the listener to hear three messages',
    );
    expect(
      logs.some(
        (l) =>
          l.name === 'faulty' && l.level === 'error' && l.message.includes('faulty node failed on purpose'),
      ),
    ).toBe(true);
    expect(
      logs.some(
        (l) =>
          l.level === 'warn' &&
          /composed\.launch\.yaml:5: node 'missing' failed to start.*no executable 'no_such_node'/.test(
            l.message,
          ),
      ),
    ).toBe(true);
    expect(launcher.nodes.map((n) => n.fullyQualifiedName)).toEqual(['/talker', '/faulty', '/listener']);
  });

  it('isolated: a message crosses two node processes through the hub as CDR', async () => {
    const launcher = await Launcher.start(fixture('isolated.launch.yaml'), {
      packages: packageIndex(),
      mode: 'isolated',
      output: () => {},
    });
    launchers.push(launcher);
    const probe = launcher.context.createNode('probe');
    const heard: string[] = [];
    probe.createSubscription('std_msgs/msg/String', '/sink', (m) => heard.push(m.data));
    const source = probe.createPublisher('std_msgs/msg/String', '/source');
    await until(
      () =>
        launcher.context.transport
          .graph()
          .subscriptions.filter((s) => s.topic === '/hop' || s.topic === '/source').length === 2,
      'both relays to subscribe',
    );
    const pids = launcher.processes().map((p) => p.pid);
    await until(() => {
      source.publish({ data: 'ping' });
      return heard.length > 0;
    }, 'the relayed message');
    expect(heard[0]).toBe(`ping via ${pids[0]} via ${pids[1]}`);
    expect(new Set([...pids, process.pid]).size).toBe(3);
  });

  it('isolated: a node process that dies is respawned when the file says respawn', async () => {
    const lines: string[] = [];
    const launcher = await Launcher.start(fixture('respawn.launch.yaml'), {
      packages: packageIndex(),
      mode: 'isolated',
      output: (line) => lines.push(line),
    });
    launchers.push(launcher);
    await until(() => (launcher.processes()[0]?.restarts ?? 0) >= 1, 'a respawn');
    expect(
      lines.some((l) => /process crashing \(pid \d+\) died with exit code 3; respawning in 0\.1 s/.test(l)),
    ).toBe(true);
    await until(() => launcher.processes()[0]!.running, 'the respawned process to run');
  });
});
