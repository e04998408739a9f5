import jpeg from 'jpeg-js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import detectorNode from '../../nodes/detector.ts';
import { testContext, until } from '../runtime/helpers.ts';

describe('detector node', () => {
  it('publishes detections and class names for a camera image, and skips an image it cannot read', async () => {
    const { context, logs } = testContext();
    await detectorNode.start(context, { arguments: [] });
    const probe = context.createNode('probe');
    const results: Array<{ detections: Array<{ results: Array<{ hypothesis: { class_id: string } }> }> }> =
      [];
    const labels: string[] = [];
    probe.createSubscription('vision_msgs/msg/Detection2DArray', '/detections', (m) => results.push(m));
    probe.createSubscription(
      'vision_msgs/msg/LabelInfo',
      '/label_info',
      { qos: { durability: 'transient_local' } },
      (m) => labels.push(...m.class_map.map((c) => c.class_name)),
    );
    const camera = probe.createPublisher('sensor_msgs/msg/Image', '/image', {
      reliability: 'best_effort',
      depth: 1,
    });
    context.spin();
    const photo = jpeg.decode(
      readFileSync(new URL('../../../shared/models/fastestdet/2.jpg', import.meta.url)),
      {
        useTArray: true,
        formatAsRGBA: false,
      },
    );
    const header = { stamp: { sec: 1, nanosec: 0 }, frame_id: 'head_rgbd_sensor_rgb_frame' };
    camera.publish({
      header,
      height: 2,
      width: 2,
      encoding: 'yuv422',
      is_bigendian: 0,
      step: 4,
      data: new Uint8Array(8),
    });
    await until(
      () => logs.some((l) => l.message.includes("skipping an image: unsupported image encoding 'yuv422'")),
      'a warning',
    );
    camera.publish({
      header,
      height: photo.height,
      width: photo.width,
      encoding: 'rgb8',
      is_bigendian: 0,
      step: photo.width * 3,
      data: photo.data,
    });
    await until(() => results.length > 0 && labels.length > 0, 'detections and labels');
    const person = String(labels.indexOf('person'));
    expect(labels).toHaveLength(80);
    expect(results[0]!.detections.filter((d) => d.results[0]!.hypothesis.class_id === person)).toHaveLength(
      3,
    );
    await context.shutdown();
  });
});
