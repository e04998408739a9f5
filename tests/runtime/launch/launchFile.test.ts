import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeArguments, parseLaunchFile } from '../../../src/runtime/launch/launchFile.ts';
import { KATAZUKE_ROOT, packageIndex } from '../../../src/cli/packages.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/launch/${name}`, import.meta.url));

describe('launch file parsing', () => {
  it('reads args, groups with namespaces, params, remaps, respawn and includes', () => {
    const { nodes, args } = parseLaunchFile(fixture('full.launch.yaml'), new Map([['speed', '0.8']]));
    expect(args.map((a) => a.name)).toEqual(['robot', 'speed']);
    expect(nodes).toHaveLength(2);
    const [base, helper] = nodes;
    expect(base).toMatchObject({
      pkg: 'katazuke',
      exec: 'talker',
      name: 'base',
      namespace: '/robot1/drive',
      respawn: 'respawn',
      respawnDelayS: 2,
    });
    expect(base!.parameters).toEqual([
      { name: 'max_speed', value: 0.8 },
      { name: 'frames', value: ['odom', 'base_link'] },
      { file: fixture('params.yaml') },
    ]);
    expect(base!.source).toBe(`${fixture('full.launch.yaml')}:7`);
    expect(nodeArguments(base!)).toEqual([
      '-r',
      '__node:=base',
      '-r',
      '__ns:=/robot1/drive',
      '-p',
      'max_speed:=0.8',
      '-p',
      'frames:=["odom","base_link"]',
      '--params-file',
      fixture('params.yaml'),
      '-r',
      'chatter:=/status',
    ]);
    expect(helper).toMatchObject({
      exec: 'listener',
      name: 'robot1_helper',
      namespace: '/',
      respawn: 'once',
    });
  });

  it('errors name the file and line', () => {
    expect(() => parseLaunchFile(fixture('bad_entity.launch.yaml'))).toThrow(
      new RegExp(`bad_entity\\.launch\\.yaml:4: unknown launch entity 'nod'`),
    );
    expect(() => parseLaunchFile(fixture('bad_substitution.launch.yaml'))).toThrow(
      /bad_substitution\.launch\.yaml:5: unknown launch argument 'missing_arg' in \$\(var\)/,
    );
    expect(() => parseLaunchFile(fixture('included.launch.yaml'))).toThrow(
      /included\.launch\.yaml:2: launch argument 'who' has no default/,
    );
    expect(() => parseLaunchFile(fixture('full.launch.yaml'), new Map([['sped', '1']]))).toThrow(
      /unknown launch argument\(s\) sped/,
    );
    expect(() => parseLaunchFile(fixture('nope.launch.yaml'))).toThrow(/cannot read launch file .*ENOENT/);
  });

  it('the demo launch file parses, and find-pkg-share points at this package', () => {
    const { nodes } = parseLaunchFile(`${KATAZUKE_ROOT}launch/demo.launch.yaml`, new Map(), packageIndex());
    expect(nodes.map((n) => `${n.namespace}/${n.name}`)).toEqual([
      '/demo/talker',
      '/demo/listener',
      '//frame_broadcaster',
    ]);
  });
});
