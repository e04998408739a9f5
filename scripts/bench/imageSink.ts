// Benchmark peer (run as its own process): acknowledges every message on /bench/small and
// /bench/image by echoing its header on /bench/ack.
import { defineNode } from '../../src/runtime/launch/NodeExecutable.ts';

export default defineNode({
  description: 'echoes message headers for the bus benchmark',
  start(context) {
    const node = context.createNode('bench_sink');
    const ack = node.createPublisher('std_msgs/msg/Header', '/bench/ack', 1000);
    node.createSubscription('sensor_msgs/msg/Image', '/bench/image', { qos: { depth: 1000 } }, (m) =>
      ack.publish(m.header),
    );
    node.createSubscription('std_msgs/msg/Header', '/bench/small', { qos: { depth: 1000 } }, (m) =>
      ack.publish(m),
    );
    return node;
  },
});
