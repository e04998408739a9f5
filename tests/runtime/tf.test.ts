import { describe, expect, it } from 'vitest';
import { TransformBuffer } from '../../src/runtime/tf/TransformBuffer.ts';
import { TransformListener } from '../../src/runtime/tf/TransformListener.ts';
import {
  StaticTransformBroadcaster,
  TransformBroadcaster,
} from '../../src/runtime/tf/TransformBroadcaster.ts';
import { testContext } from './helpers.ts';

const TOLERANCE_DIGITS = 9;

function transform(parent: string, child: string, seconds: number, x: number, yawRad = 0) {
  return {
    header: {
      stamp: { sec: Math.floor(seconds), nanosec: Math.round((seconds % 1) * 1e9) },
      frame_id: parent,
    },
    child_frame_id: child,
    transform: {
      translation: { x, y: 0, z: 0 },
      rotation: { x: 0, y: 0, z: Math.sin(yawRad / 2), w: Math.cos(yawRad / 2) },
    },
  };
}

describe('tf buffer', () => {
  it('interpolates translation linearly and rotation by slerp', () => {
    const buffer = new TransformBuffer();
    buffer.setTransform(transform('odom', 'base_link', 1, 0, 0));
    buffer.setTransform(transform('odom', 'base_link', 2, 2, Math.PI / 2));
    const mid = buffer.lookupTransform('odom', 'base_link', 1_500_000_000n);
    expect(mid.transform.translation.x).toBeCloseTo(1, TOLERANCE_DIGITS);
    expect(2 * Math.atan2(mid.transform.rotation.z, mid.transform.rotation.w)).toBeCloseTo(
      Math.PI / 4,
      TOLERANCE_DIGITS,
    );
  });

  it('composes a chain and inverts it (map → odom → base_link → camera)', () => {
    const buffer = new TransformBuffer();
    buffer.setTransform(transform('map', 'odom', 0, 1, Math.PI / 2), 'static');
    buffer.setTransform(transform('odom', 'base_link', 5, 2));
    buffer.setTransform(transform('base_link', 'camera', 0, 0.5), 'static');
    const mapTcamera = buffer.lookupTransform('map', 'camera', 5_000_000_000n);
    // odom is rotated 90° in map: a point 2.5 m ahead in odom x lies at map (1, 2.5).
    expect(mapTcamera.transform.translation.x).toBeCloseTo(1, TOLERANCE_DIGITS);
    expect(mapTcamera.transform.translation.y).toBeCloseTo(2.5, TOLERANCE_DIGITS);
    const cameraTmap = buffer.lookupTransform('camera', 'map', 0n);
    expect(cameraTmap.transform.translation.x).toBeCloseTo(-2.5, TOLERANCE_DIGITS);
    expect(cameraTmap.transform.translation.y).toBeCloseTo(1, TOLERANCE_DIGITS);
  });

  it('says which frame is missing, which link is absent and when it would extrapolate', () => {
    const buffer = new TransformBuffer();
    buffer.setTransform(transform('odom', 'base_link', 1, 0));
    buffer.setTransform(transform('odom', 'base_link', 2, 1));
    buffer.setTransform(transform('base_link', 'camera', 0, 0.1), 'static');
    buffer.setTransform(transform('map_2', 'marker', 0, 0.1), 'static');
    expect(() => buffer.lookupTransform('map', 'camera')).toThrow(
      /frame 'map' does not exist \(known frames: base_link, camera, map_2, marker, odom\)/,
    );
    expect(() => buffer.lookupTransform('marker', 'camera')).toThrow(
      /not connected: 'camera' leads up to 'odom' and 'marker' up to 'map_2'/,
    );
    expect(() => buffer.lookupTransform('odom', 'camera', 3_000_000_000n)).toThrow(
      /extrapolation into the future: requested 3 s but link 'odom' → 'base_link' has data for \[1, 2\] s/,
    );
  });
});

describe('tf over topics', () => {
  it('a listener collects /tf and a late listener still gets /tf_static', () => {
    const { context } = testContext();
    const robot = context.createNode('robot_state_publisher');
    new StaticTransformBroadcaster(robot).sendTransform([
      transform('base_link', 'laser', 0, 0.2),
      transform('base_link', 'camera', 0, 0.1),
    ]);
    new TransformBroadcaster(robot).sendTransform(transform('odom', 'base_link', 1, 3));
    const listener = new TransformListener(context.createNode('late'));
    context.spinSome();
    expect(listener.buffer.lookupTransform('base_link', 'laser').transform.translation.x).toBeCloseTo(
      0.2,
      TOLERANCE_DIGITS,
    );
    expect(listener.buffer.canTransform('odom', 'camera')).toBe(false);
  });
});
