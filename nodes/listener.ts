/** Demo listener: logs every `std_msgs/String` it hears on `chatter`. */
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';

export default defineNode({
  description: 'logs what it hears on chatter',
  start(context, { arguments: args }) {
    const node = context.createNode('listener', { arguments: args });
    node.createSubscription('std_msgs/msg/String', 'chatter', (message) =>
      node.getLogger().info(`I heard: '${message.data}'`),
    );
    return node;
  },
});
