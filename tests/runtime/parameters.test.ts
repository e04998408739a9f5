import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseParamsFile } from '../../src/runtime/paramsFile.ts';
import { testContext } from './helpers.ts';

function paramsFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'katazuke-params-')), 'params.yaml');
  writeFileSync(file, text);
  return file;
}

describe('parameters', () => {
  it('declares with a default and a description, and reads overrides from YAML then the command line', () => {
    const file = paramsFile(`
/robot/driver:
  ros__parameters:
    max_speed: 0.8
    limits:
      accel: 1.5
    frame: base_link
/**:
  ros__parameters:
    verbose: true
`);
    const { context } = testContext(['--ros-args', '--params-file', file, '-p', 'max_speed:=0.5']);
    const node = context.createNode('driver', { namespace: '/robot' });
    expect(node.declareParameter('max_speed', { type: 'double', default: 1.0, description: 'm/s' })).toBe(
      0.5,
    );
    expect(node.declareParameter('limits.accel', { type: 'double', default: 1.0 })).toBe(1.5);
    expect(node.declareParameter('frame', { type: 'string', default: 'x' })).toBe('base_link');
    expect(node.declareParameter('verbose', { type: 'bool', default: false })).toBe(true);
    expect(node.declareParameter('retries', { type: 'integer', default: 3 })).toBe(3);
  });

  it('rejects an override of the wrong type, naming the node, parameter and source', () => {
    const { context } = testContext(['--ros-args', '-p', 'rate:=fast']);
    const node = context.createNode('talker');
    expect(() => node.declareParameter('rate', { type: 'double', default: 10 })).toThrow(
      /node '\/talker': parameter 'rate' from --ros-args -p rate:=\.\.\.: expected double, got string "fast"/,
    );
  });

  it('type-checks updates, applies on-set callbacks and keeps the old value when rejected', () => {
    const { context } = testContext();
    const node = context.createNode('n');
    node.declareParameter('gain', { type: 'double', default: 1, range: { from: 0, to: 10 } });
    node.addOnSetParametersCallback((parameters) =>
      parameters.some((p) => p.value === 7)
        ? { successful: false, reason: 'seven is unlucky' }
        : { successful: true, reason: '' },
    );
    expect(node.setParameters([{ name: 'gain', value: 'high' }])).toEqual({
      successful: false,
      reason: 'parameter \'gain\': expected double, got string "high"',
    });
    expect(node.setParameters([{ name: 'gain', value: 11 }]).reason).toMatch(/outside \[0, 10\]/);
    expect(node.setParameters([{ name: 'gain', value: 7 }]).reason).toBe('seven is unlucky');
    expect(node.setParameters([{ name: 'missing', value: 1 }]).reason).toMatch(/not declared/);
    expect(node.getParameter('gain')).toBe(1);
    expect(node.setParameters([{ name: 'gain', value: 2.5 }]).successful).toBe(true);
    expect(node.getParameter('gain')).toBe(2.5);
  });

  it('serves the standard rcl_interfaces parameter services', async () => {
    const { context } = testContext();
    const node = context.createNode('camera', { namespace: '/head' });
    node.declareParameter('fps', { type: 'integer', default: 30, description: 'frames per second' });
    const cli = context.createNode('cli');
    const get = cli.createClient('rcl_interfaces/srv/GetParameters', '/head/camera/get_parameters');
    const set = cli.createClient('rcl_interfaces/srv/SetParameters', '/head/camera/set_parameters');
    const list = cli.createClient('rcl_interfaces/srv/ListParameters', '/head/camera/list_parameters');
    const listed = list.sendRequest({ prefixes: [], depth: 0n });
    context.spinSome();
    expect((await listed).result.names).toEqual(['fps', 'use_sim_time']);
    const setting = set.sendRequest({
      parameters: [
        {
          name: 'fps',
          value: {
            ...context.registry.create('rcl_interfaces/msg/ParameterValue'),
            type: 2,
            integer_value: 15n,
          },
        },
      ],
    });
    context.spinSome();
    expect((await setting).results[0]!.successful).toBe(true);
    const got = get.sendRequest({ names: ['fps'] });
    context.spinSome();
    expect((await got).values[0]!.integer_value).toBe(15n);
  });

  it('over the services, refuses a value whose type differs from the declared one, as rclcpp does', async () => {
    const { context } = testContext();
    const node = context.createNode('base');
    node.declareParameter('max_speed', { type: 'double', default: 0.5 });
    const set = context
      .createNode('cli')
      .createClient('rcl_interfaces/srv/SetParameters', '/base/set_parameters');
    const value = (fields: object) =>
      Object.assign(context.registry.create('rcl_interfaces/msg/ParameterValue') as object, fields) as never;
    const setting = set.sendRequest({
      parameters: [
        { name: 'max_speed', value: value({ type: 2, integer_value: 1n }) },
        { name: 'max_speed', value: value({ type: 3, double_value: 1 }) },
      ],
    });
    context.spinSome();
    const [asInteger, asDouble] = (await setting).results;
    expect(asInteger).toEqual({
      successful: false,
      reason: "parameter 'max_speed' is of type double: a value of type integer is not accepted",
    });
    expect(asDouble!.successful).toBe(true);
    expect(node.getParameter('max_speed')).toBe(1);
  });

  it('reports params-file errors with the file and line', () => {
    expect(() => parseParamsFile('node:\n  ros__parameters:\n    a: [1, {b: 2}]\n', 'p.yaml')).toThrow(
      /p\.yaml:3: parameter 'a'/,
    );
    expect(() => parseParamsFile('node:\n  params: {}\n', 'p.yaml')).toThrow(
      /p\.yaml:2: node 'node' has no 'ros__parameters'/,
    );
  });
});
