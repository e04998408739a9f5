/**
 * speech_recognizer: `/speech/audio` (katazuke_msgs/AudioClip) → `/speech/transcript`, with
 * pocketsphinx constrained by a grammar generated from the current world (rebuilt whenever
 * `/world/scene` changes). Clips are recognized one at a time, in arrival order.
 */
import type { Scene } from '../src/language/scene.ts';
import { buildVocabulary } from '../src/language/vocabulary.ts';
import { defineNode } from '../src/runtime/launch/NodeExecutable.ts';
import { PocketSphinxRecognizer } from '../src/speech/PocketSphinxRecognizer.ts';
import { watchScene } from './sceneSource.ts';

export default defineNode({
  description: 'recognizes speech with a grammar generated from the world',
  start(context, { arguments: args }) {
    const node = context.createNode('speech_recognizer', { arguments: args });
    const adaptation = node.declareParameter('acoustic_adaptation', {
      type: 'string',
      default: '',
      description:
        "directory of MAP-adapted acoustic parameters (npm run train:speech), or '' for Debian's en-us model as it is",
    });
    const transcript = node.createPublisher('katazuke_msgs/msg/Transcript', '/speech/transcript');
    let recognizer: Promise<PocketSphinxRecognizer | undefined> = Promise.resolve(undefined);
    // The grammar holds the scene's kinds of things and furniture, not where they are: a scene
    // that names nothing new (items moved, ids renumbered) keeps the grammar it has.
    let grammarKey = '';
    watchScene(node, (scene: Scene) => {
      const key = vocabularyKey(scene);
      if (key === grammarKey) return;
      grammarKey = key;
      const previous = recognizer;
      recognizer = PocketSphinxRecognizer.create(buildVocabulary(scene), scene, {
        acousticAdaptation: adaptation || undefined,
      }).then(
        async (created) => {
          await (await previous)?.close();
          return created;
        },
        (error: Error) => {
          node.getLogger().error(`speech recognition unavailable: ${error.message}`);
          return undefined;
        },
      );
    });
    // While the robot waits for an answer to its question, listen with the smaller answer grammar.
    let expecting: 'instruction' | 'answer' = 'instruction';
    node.createSubscription('katazuke_msgs/msg/GroundedInstruction', '/instruction/grounded', (grounded) => {
      expecting = grounded.question ? 'answer' : 'instruction';
    });
    let queue: Promise<void> = Promise.resolve();
    node.createSubscription('katazuke_msgs/msg/AudioClip', '/speech/audio', (clip) => {
      queue = queue.then(async () => {
        const engine = await recognizer;
        if (!engine)
          return node.getLogger().warn('dropping audio: no world model (scene) yet, or no recognizer');
        try {
          const samples = clip.samples instanceof Int16Array ? clip.samples : Int16Array.from(clip.samples);
          const [best, ...others] = await engine.recognize(
            { sampleRate: clip.sample_rate, samples },
            expecting,
          );
          transcript.publish({
            header: clip.header,
            text: best?.text ?? '',
            confidence: best?.confidence ?? 0,
            alternatives: others.map((h) => h.text),
          });
        } catch (error) {
          node.getLogger().error(`cannot recognize a clip: ${(error as Error).message}`);
        }
      });
      return queue;
    });
    return node;
  },
});

/** What of a scene the grammar is built from: each object's category with its colour, size and attributes, and the furniture. */
function vocabularyKey(scene: Scene): string {
  const words = (list: Iterable<string>) => [...new Set(list)].sort().join(',');
  return [
    words(
      scene.objects.map(
        (o) => `${o.category}/${o.colors[0] ?? ''}/${o.size ?? ''}/${(o.attributes ?? []).join('+')}`,
      ),
    ),
    words(scene.furniture.map((f) => `${f.category}/${f.name ?? ''}`)),
  ].join('|');
}
