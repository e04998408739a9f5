/**
 * instruction_grounder: typed instructions (`/instruction`) and speech transcripts
 * (`/speech/transcript`) → grounded instructions (`/instruction/grounded`) and spoken-style
 * replies (`/speech/reply`), keeping the clarification dialogue between turns.
 */
import { Grounder, type Language } from '../src/language/Grounder.ts';
import { prepareJapanese } from '../src/language/japaneseAnalyzer.ts';
import type { Scene } from '../src/language/scene.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { watchScene } from './sceneSource.ts';

export default defineNode({
  description: 'grounds spoken or typed instructions in the world model',
  start(context, { arguments: args }) {
    const node = context.createNode('instruction_grounder', { arguments: args });
    const language = node.declareParameter('language', {
      type: 'string',
      default: 'en',
      description: 'instruction language: en or ja',
      validate: (value) =>
        value === 'en' || value === 'ja' ? undefined : `must be en or ja, got '${value}'`,
    }) as Language;
    const grounded = node.createPublisher('katazuke_msgs/msg/GroundedInstruction', '/instruction/grounded');
    const reply = node.createPublisher('std_msgs/msg/String', '/speech/reply');
    let grounder: Grounder | undefined;
    watchScene(node, (scene: Scene) => (grounder = new Grounder(scene, language)));
    /** Utterances that arrived while the Japanese analyzer loads. */
    let waiting: Array<readonly string[]> | undefined;
    /** `readings`: one utterance as heard, most likely first (speech), or just the typed text. */
    const handle = (readings: readonly string[]) => {
      if (waiting) {
        waiting.push(readings);
        return;
      }
      if (!grounder) {
        reply.publish({ data: "I don't know the room yet." });
        return;
      }
      const result = grounder.turnReadings(readings);
      grounded.publish({
        header: { stamp: node.now().toMsg(), frame_id: 'map' },
        utterance: result.reading,
        intent: result.intent,
        target_ids: result.targets,
        destination_id: result.destination ?? '',
        question: result.question ?? '',
        reply: result.reply,
      });
      reply.publish({ data: result.reply });
    };
    // One instruction parsed now loads the tagger and WordNet before the first one heard (~0.1 s).
    // Japanese needs its morphological dictionary (~1.6 s to load): what arrives meanwhile waits.
    const warmUp = () =>
      new Grounder({ objects: [], furniture: [] }, language).parse(
        language === 'ja' ? '本を本棚に戻して' : 'shelve the novel',
      );
    if (language === 'ja') {
      waiting = [];
      prepareJapanese().then(
        () => {
          warmUp();
          const queued = waiting ?? [];
          waiting = undefined;
          for (const readings of queued) handle(readings);
        },
        (error: Error) => node.getLogger().error(error.message),
      );
    } else warmUp();
    node.createSubscription('std_msgs/msg/String', '/instruction', (message) => handle([message.data]));
    node.createSubscription('katazuke_msgs/msg/Transcript', '/speech/transcript', (message) =>
      handle([message.text, ...message.alternatives]),
    );
    return node;
  },
});
