/**
 * npm run eval:grounding [-- --split eval|dev] [--n 600] [--voice-n 150]
 *
 * Text path: generated episodes (the fixed `eval` split unless --split dev, which is the
 * split for tuning) grounded from typed text with a simulated speaker answering questions.
 * Voice path: the first --voice-n episodes spoken by espeak-ng (4 voices x 3 speeds, white
 * noise at 20 dB SNR), recognized by pocketsphinx with each scene's generated grammar, then
 * grounded; answers are spoken and recognized too. Needs Debian's pocketsphinx,
 * pocketsphinx-en-us, espeak-ng and sox.
 */
import { parseArgs } from 'node:util';
import {
  answerQuestion,
  generateEpisodes,
  type Episode,
  type Split,
} from '../../src/language/evaluation/episodes.ts';
import { runEpisode, score, wordErrors, type Outcome } from '../../src/language/evaluation/evaluate.ts';
import { Random } from '../../src/language/evaluation/random.ts';
import { normalizeEnglish } from '../../src/language/parseEnglish.ts';
import { buildVocabulary } from '../../src/language/vocabulary.ts';
import type { AudioClip } from '../../src/speech/audio.ts';
import { synthesize } from '../../src/speech/EspeakSynthesizer.ts';
import { PocketSphinxRecognizer } from '../../src/speech/PocketSphinxRecognizer.ts';
import { table } from '../bench/stats.ts';

const VOICES = ['en-us', 'en-gb', 'en-us+f3', 'en-us+m3'];
const SPEEDS_WPM = [130, 160, 190];
const SNR_DB = 20;
const REFERENCE = {
  targetFirstTurn: 0.88,
  target: 0.927,
  targetRealRobot: 0.753,
  destination: 0.897,
  clarifications: 0.45,
};

const { values } = parseArgs({
  options: {
    split: { type: 'string', default: 'eval' },
    n: { type: 'string', default: '600' },
    'voice-n': { type: 'string', default: '150' },
  },
});
const split = values.split as Split;
if (split !== 'eval' && split !== 'dev')
  throw new Error(`--split must be eval or dev, got '${values.split}'`);
const count = Number(values.n);
const voiceCount = Number(values['voice-n']);

/** What a person would say for a typed instruction: no arrows, no texting shorthands. */
function spoken(text: string): string {
  return normalizeEnglish(text.replace(/->/g, ' to ')).join(' ');
}

function addNoise(clip: AudioClip, random: Random): AudioClip {
  let energy = 0;
  for (const s of clip.samples) energy += s * s;
  const rms = Math.sqrt(energy / Math.max(1, clip.samples.length));
  const sigma = rms / 10 ** (SNR_DB / 20);
  const samples = new Int16Array(clip.samples.length);
  for (let i = 0; i < samples.length; i++)
    samples[i] = Math.max(-32768, Math.min(32767, Math.round(clip.samples[i]! + sigma * random.gaussian())));
  return { sampleRate: clip.sampleRate, samples };
}

function row(name: string, metrics: ReturnType<typeof score>): Record<string, string | number> {
  return {
    path: name,
    episodes: metrics.episodes,
    intent: metrics.intentAccuracy,
    'target 1st turn': metrics.targetAccuracyFirstTurn,
    target: metrics.targetAccuracy,
    destination: metrics.destinationAccuracy,
    'clarif./instr.': metrics.clarificationsPerInstruction,
    'end-to-end': metrics.endToEnd,
  };
}

async function main(): Promise<void> {
  console.log(
    `grounding evaluation on the '${split}' split (${split === 'eval' ? 'fixed; never used for tuning' : 'for tuning'}): ${count} episodes`,
  );
  const episodes = generateEpisodes(split, count);
  const textOutcomes: Outcome[] = [];
  for (const [i, episode] of episodes.entries()) {
    const random = new Random(i + 7);
    textOutcomes.push(
      await runEpisode(episode, episode.instruction, (q) => answerQuestion(q, episode, random)),
    );
    if ((i + 1) % 200 === 0) console.log(`  text: ${i + 1}/${episodes.length}`);
  }
  const text = score(textOutcomes);

  const voiceEpisodes = episodes.filter((e) => e.style !== 'elliptical').slice(0, voiceCount);
  const voiceOutcomes: Outcome[] = [];
  let errors = 0;
  let words = 0;
  const noise = new Random(12345);
  const recognizers = new Map<Episode['scene'], PocketSphinxRecognizer>();
  for (const [i, episode] of voiceEpisodes.entries()) {
    let recognizer = recognizers.get(episode.scene);
    if (!recognizer) {
      recognizer = await PocketSphinxRecognizer.create(buildVocabulary(episode.scene), episode.scene);
      recognizers.set(episode.scene, recognizer);
    }
    const voice = VOICES[i % VOICES.length]!;
    const speed = SPEEDS_WPM[Math.floor(i / VOICES.length) % SPEEDS_WPM.length]!;
    let turn = 0;
    const say = async (utterance: string) => {
      const clip = addNoise(await synthesize(spoken(utterance), { voice, wordsPerMinute: speed }), noise);
      // The first turn is an instruction; later turns answer the robot's question.
      const readings = (await recognizer.recognize(clip, turn++ === 0 ? 'instruction' : 'answer')).map(
        (h) => h.text,
      );
      // Word errors of the best reading; grounding may pick another (Grounder.turnReadings).
      const counted = wordErrors(normalizeEnglish(spoken(utterance)).join(' '), readings[0] ?? '');
      errors += counted.errors;
      words += counted.words;
      return readings.length > 0 ? readings : [''];
    };
    const random = new Random(i + 7);
    voiceOutcomes.push(
      await runEpisode(
        episode,
        await say(episode.instruction),
        (q) => answerQuestion(q, episode, random),
        say,
      ),
    );
    if ((i + 1) % 25 === 0) console.log(`  voice: ${i + 1}/${voiceEpisodes.length}`);
  }
  for (const recognizer of recognizers.values()) await recognizer.close();
  const voice = score(voiceOutcomes);
  const voiceWer = words > 0 ? errors / words : NaN;

  const byKind = new Map<string, Outcome[]>();
  for (const outcome of textOutcomes)
    byKind.set(outcome.episode.kind, [...(byKind.get(outcome.episode.kind) ?? []), outcome]);
  console.log(`\n${table([row('text', text), row('voice', voice)])}\n`);
  console.log(table([...byKind].sort().map(([kind, list]) => row(kind, score(list)))));
  console.log(
    `\nvoice: word error rate ${voiceWer.toFixed(3)} over ${words} words (${voiceEpisodes.length} instructions, voices ${VOICES.join(', ')}, ${SPEEDS_WPM.join('/')} wpm, ${SNR_DB} dB SNR white noise)`,
  );
  console.log(
    `reference (Hatori et al., ICRA 2018): target ${REFERENCE.targetRealRobot} on the real robot; in simulation ${REFERENCE.targetFirstTurn} → ${REFERENCE.target} with clarification; destination ${REFERENCE.destination}; ${REFERENCE.clarifications} clarifications per instruction`,
  );
  const round = (x: number) => Number(x.toFixed(4));
  console.log(
    JSON.stringify({
      split,
      episodes: text.episodes,
      intentAccuracy: round(text.intentAccuracy),
      targetAccuracyFirstTurn: round(text.targetAccuracyFirstTurn),
      targetAccuracy: round(text.targetAccuracy),
      destinationAccuracy: round(text.destinationAccuracy),
      clarificationsPerInstruction: round(text.clarificationsPerInstruction),
      endToEnd: round(text.endToEnd),
      voiceEpisodes: voice.episodes,
      voiceWer: round(voiceWer),
      voiceEndToEnd: round(voice.endToEnd),
    }),
  );
}

await main();
