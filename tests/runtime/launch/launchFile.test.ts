import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nodeArguments, parseLaunchFile } from '../../../src/runtime/launch/launchFile.ts';
import { KATAZUKE_ROOT, packageIndex } from '../../../src/cli/packages.ts';
import { substitute } from '../../../src/runtime/launch/substitutions.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/launch/${name}`, import.meta.url));

describe('launch file parsing', () => {
  it('leaves out nodes, includes and groups by their if / unless conditions', () => {
    const names = (perception: string) =>
      parseLaunchFile(fixture('conditions.launch.yaml'), new Map([['perception', perception]])).nodes.map(
        (n) => n.name,
      );
    expect(names('true')).toEqual(['always', 'seeing', 'grouped']);
    expect(names('false')).toEqual(['always', 'blind']);
    expect(() => names('maybe')).toThrow(/'if' must be true or false, got 'maybe'/);
  });

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

describe('launch substitutions', () => {
  const scope = {
    file: '/robots/a/robot.launch.yaml',
    args: new Map([
      ['speed', '0.5'],
      ['sim', 'true'],
    ]),
  };

  it('$(eval) computes with mathjs, nested substitutions first', () => {
    expect(substitute('$(eval $(var speed) * 2)', scope)).toBe('1');
    expect(substitute('yaw: $(eval cos(pi) * 2)', scope)).toBe('yaw: -2');
    expect(substitute(`$(eval "'$(var sim)' == 'true'")`, scope)).toBe('true');
    expect(substitute('$(dirname)/x $(var speed)', scope)).toBe('/robots/a/x 0.5');
  });

  it('names the expression that cannot be evaluated, and never runs JavaScript', () => {
    expect(() => substitute('$(eval 2 * )', scope)).toThrow(/^\$\(eval 2 \*\): Unexpected end of expression/);
    expect(() => substitute('$(eval process.exit(3))', scope)).toThrow(/^\$\(eval process\.exit\(3\)\): /);
    expect(() => substitute('$(eval [1, 2])', scope)).toThrow(
      'the result is not a number, boolean or string',
    );
    expect(() => substitute('$(var speed', scope)).toThrow("unclosed substitution '$(var speed'");
    expect(() => substitute('$(python 1)', scope)).toThrow(
      '(known: var, env, dirname, find-pkg-share, eval)',
    );
  });
});
