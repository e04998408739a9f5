import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KATAZUKE_MSGS_DIR, messageRegistry } from '../../../src/runtime/messages/MessageRegistry.ts';
import { parseInterfaceFile } from '../../../src/runtime/messages/interfaceFiles.ts';
import { generateTypeScript } from '../../../src/runtime/messages/typeScriptTypes.ts';

const REQUIRED_PACKAGES = [
  'builtin_interfaces',
  'std_msgs',
  'geometry_msgs',
  'sensor_msgs',
  'nav_msgs',
  'vision_msgs',
  'tf2_msgs',
  'rosgraph_msgs',
  'action_msgs',
];

describe('message registry', () => {
  const registry = messageRegistry();

  it('knows the standard ROS 2 packages the stack needs, with exact names', () => {
    const packages = new Set(registry.types().map((t) => t.split('/')[0]));
    for (const pkg of REQUIRED_PACKAGES.filter((p) => p !== 'builtin_interfaces'))
      expect(packages).toContain(pkg);
    expect(registry.fields('vision_msgs/msg/Detection2D').map((f) => f.name)).toEqual([
      'header',
      'results',
      'bbox',
      'id',
    ]);
    expect(registry.fields('sensor_msgs/msg/CameraInfo').map((f) => f.name)).toContain('distortion_model');
    expect(registry.has('nav_msgs/OccupancyGrid')).toBe(true);
  });

  it('round-trips messages through ROS 2 CDR', () => {
    const serializer = registry.serializer('vision_msgs/msg/Detection2DArray');
    const message = registry.create('vision_msgs/msg/Detection2DArray', {
      header: { stamp: { sec: 3, nanosec: 5 }, frame_id: 'camera' },
      detections: [registry.create('vision_msgs/msg/Detection2D', { id: 'cup_1' })],
    });
    expect(serializer.read(serializer.write(message))).toEqual(message);
  });

  it('names the offending field of a malformed message', () => {
    const image = registry.create<Record<string, unknown>>('sensor_msgs/msg/Image');
    expect(() => registry.validate('sensor_msgs/msg/Image', { ...image, width: -1 })).toThrow(
      /field 'width' must be an integer in \[0, 4294967295\]/,
    );
    expect(() =>
      registry.validate('geometry_msgs/msg/PoseWithCovariance', {
        ...registry.create<Record<string, unknown>>('geometry_msgs/msg/PoseWithCovariance'),
        covariance: [1, 2],
      }),
    ).toThrow(/field 'covariance' must have exactly 36 elements, got 2/);
    expect(() => registry.create('std_msgs/msg/String', { text: 'x' })).toThrow(
      /field 'text' is not a field/,
    );
    expect(() => registry.definition('std_msgs/msg/Nope')).toThrow(
      /unknown message type 'std_msgs\/msg\/Nope'/,
    );
  });

  it('derives action wire types from .action files as rosidl does', () => {
    expect(registry.fields('katazuke_msgs/action/PickAndPlace_SendGoal_Request').map((f) => f.type)).toEqual([
      'unique_identifier_msgs/msg/UUID',
      'katazuke_msgs/action/PickAndPlace_Goal',
    ]);
    expect(() => parseInterfaceFile('int32 a\n---\nint32 b\n', 'pkg', 'Bad.action')).toThrow(
      /Bad\.action: expected 3 sections/,
    );
  });

  it('the committed TypeScript types are generated from the same definitions', () => {
    const committed = readFileSync(
      new URL('../../../src/messages/types.generated.ts', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(generateTypeScript(registry));
  });

  it('katazuke_msgs CMakeLists.txt lists exactly the interface files of the package', () => {
    const files = ['msg', 'srv', 'action'].flatMap((kind) =>
      readdirSync(join(KATAZUKE_MSGS_DIR, kind)).map((f) => `${kind}/${f}`),
    );
    const cmake = readFileSync(join(KATAZUKE_MSGS_DIR, 'CMakeLists.txt'), 'utf8');
    const listed = [...cmake.matchAll(/"((?:msg|srv|action)\/[^"]+)"/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(files.sort());
  });
});
