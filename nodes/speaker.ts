/** speaker: says `/speech/reply` aloud through espeak-ng when `enabled` is true. */
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { speak } from '../src/speech/EspeakSynthesizer.ts';

export default defineNode({
  description: 'speaks replies with espeak-ng',
  start(context, { arguments: args }) {
    const node = context.createNode('speaker', { arguments: args });
    node.declareParameter('enabled', { type: 'bool', default: false, description: 'speak replies aloud' });
    node.declareParameter('voice', { type: 'string', default: 'en-us', description: 'espeak-ng voice' });
    node.createSubscription('std_msgs/msg/String', '/speech/reply', async (message) => {
      if (!node.getParameter<boolean>('enabled') || message.data.trim() === '') return;
      try {
        await speak(message.data, { voice: node.getParameter<string>('voice') });
      } catch (error) {
        node.getLogger().warn(`cannot speak: ${(error as Error).message}`);
      }
    });
    return node;
  },
});
