/** Demo talker: publishes `std_msgs/String` "hello katazuke: N" on `chatter` at `rate_hz`. */
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';

export default defineNode({
  description: 'publishes a counting greeting on chatter',
  start(context, { arguments: args }) {
    const node = context.createNode('talker', { arguments: args });
    const rateHz = node.declareParameter('rate_hz', {
      type: 'double',
      default: 2,
      description: 'messages per second',
      range: { from: 0.01, to: 1000 },
    });
    node.declareParameter('greeting', {
      type: 'string',
      default: 'hello katazuke',
      description: 'text before the counter',
    });
    const publisher = node.createPublisher('std_msgs/msg/String', 'chatter');
    let count = 0;
    node.createTimer(BigInt(Math.round(1e9 / rateHz)), () => {
      const data = `${node.getParameter<string>('greeting')}: ${count++}`;
      publisher.publish({ data });
      node.getLogger().info(`publishing '${data}'`);
    });
    return node;
  },
});
