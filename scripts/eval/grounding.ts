/**
 * npm run eval:grounding [-- --split eval|dev] [--n 600] [--voice-n 150] [--freeform DIR]
 *
 * Text path: generated episodes (the fixed `eval` split unless --split dev, which is the
 * split for tuning) grounded from typed text with a simulated speaker answering questions.
 * Voice path: the first --voice-n episodes spoken by espeak-ng (4 voices x 3 speeds, white
 * noise at 20 dB SNR), recognized by pocketsphinx with each scene's generated grammar, then
 * grounded; answers are spoken and recognized too. Twice: with Debian's acoustic model as it is,
 * and with it adapted to these voices (enrollment on other sentences, `npm run train:speech`).
 * Free-form path: instructions written by hand, not by the generator (the development set in
 * src/language/evaluation/freeform, or another set in the same format with --freeform DIR),
 * English and Japanese, with at most one answer to a question.
 * Needs Debian's pocketsphinx, pocketsphinx-en-us, espeak-ng and sox.
 */
import { parseArgs } from 'node:util';
import {
  answerQuestion,
  generateEpisodes,
  type Episode,
  type Split,
} from '../../src/language/evaluation/episodes.ts';
import {
  runEpisode,
  score,
  wordErrors,
  type Metrics,
  type Outcome,
} from '../../src/language/evaluation/evaluate.ts';
import { Random } from '../../src/common/random.ts';
import { SNR_DB, SPEEDS_WPM, VOICES, speak, spoken } from '../../src/language/evaluation/syntheticSpeaker.ts';
import { normalizeEnglish } from '../../src/language/parseEnglish.ts';
import { buildVocabulary } from '../../src/language/vocabulary.ts';
import { ENROLLED_VOICES, PocketSphinxRecognizer } from '../../src/speech/PocketSphinxRecognizer.ts';
import { table } from '../bench/stats.ts';
import {
  DEV_SET_DIR,
  loadFreeformSet,
  runFreeformCase,
  scoreFreeform,
  type FreeformMetrics,
} from '../../src/language/evaluation/freeform.ts';
import { prepareJapanese } from '../../src/language/japaneseAnalyzer.ts';
import type { Language } from '../../src/language/Grounder.ts';

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
    freeform: { type: 'string' },
  },
});
const split = values.split as Split;
if (split !== 'eval' && split !== 'dev')
  throw new Error(`--split must be eval or dev, got '${values.split}'`);
const count = Number(values.n);
const voiceCount = Number(values['voice-n']);
const freeformDir = values.freeform ?? DEV_SET_DIR;

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
  const base = await voicePath(voiceEpisodes, 'base model');
  const enrolled = await voicePath(voiceEpisodes, 'enrolled', ENROLLED_VOICES);

  await prepareJapanese();
  const freeform = (['en', 'ja'] as const).map((language) => ({ language, metrics: freeformPath(language) }));

  const byKind = new Map<string, Outcome[]>();
  for (const outcome of textOutcomes)
    byKind.set(outcome.episode.kind, [...(byKind.get(outcome.episode.kind) ?? []), outcome]);
  console.log(
    `\n${table([row('text', text), row('voice, base model', base.metrics), row('voice, enrolled', enrolled.metrics)])}\n`,
  );
  console.log(table([...byKind].sort().map(([kind, list]) => row(kind, score(list)))));
  console.log(
    `\nfree-form instructions written by hand (${values.freeform ? freeformDir : 'the development set, used for tuning'}):`,
  );
  console.log(
    table(
      freeform.map(({ language, metrics }) => ({
        language,
        instructions: metrics.instructions,
        intent: metrics.intent,
        target: metrics.target,
        destination: metrics.destination,
        'needless questions': metrics.needlessQuestions,
        'ambiguous asked': metrics.ambiguousAsked,
        'end-to-end': metrics.endToEnd,
      })),
    ),
  );
  for (const [name, voice] of [
    ['base model', base],
    ['enrolled', enrolled],
  ] as const)
    console.log(
      `voice, ${name}: word error rate ${voice.wer.toFixed(3)} over ${voice.words} words (${voiceEpisodes.length} instructions, voices ${VOICES.join(', ')}, ${SPEEDS_WPM.join('/')} wpm, ${SNR_DB} dB SNR white noise)`,
    );
  console.log(
    `enrolled: the acoustic model MAP-adapted to these synthetic voices saying other sentences (npm run train:speech); the base model is Debian's, unadapted`,
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
      voiceEpisodes: enrolled.metrics.episodes,
      voiceWer: round(enrolled.wer),
      voiceEndToEnd: round(enrolled.metrics.endToEnd),
      voiceWerBaseModel: round(base.wer),
      voiceEndToEndBaseModel: round(base.metrics.endToEnd),
      ...Object.fromEntries(
        freeform.flatMap(({ language, metrics }) => {
          const suffix = language === 'en' ? 'En' : 'Ja';
          return [
            [`freeformInstructions${suffix}`, metrics.instructions],
            [`freeformIntent${suffix}`, round(metrics.intent)],
            [`freeformTarget${suffix}`, round(metrics.target)],
            [`freeformDestination${suffix}`, round(metrics.destination)],
            [`freeformNeedlessQuestions${suffix}`, round(metrics.needlessQuestions)],
            [`freeformAmbiguousAsked${suffix}`, round(metrics.ambiguousAsked)],
            [`freeformEndToEnd${suffix}`, round(metrics.endToEnd)],
          ];
        }),
      ),
    }),
  );
}

function freeformPath(language: Language): FreeformMetrics {
  return scoreFreeform(loadFreeformSet(freeformDir, language).map((item) => runFreeformCase(item, language)));
}

/** The voice path with one acoustic model: every turn spoken, recognized, then grounded. */
async function voicePath(
  episodes: readonly Episode[],
  name: string,
  acousticAdaptation?: string,
): Promise<{ metrics: Metrics; wer: number; words: number }> {
  const outcomes: Outcome[] = [];
  let errors = 0;
  let words = 0;
  const noise = new Random(12345);
  const recognizers = new Map<Episode['scene'], PocketSphinxRecognizer>();
  for (const [i, episode] of episodes.entries()) {
    let recognizer = recognizers.get(episode.scene);
    if (!recognizer) {
      recognizer = await PocketSphinxRecognizer.create(buildVocabulary(episode.scene), episode.scene, {
        acousticAdaptation,
      });
      recognizers.set(episode.scene, recognizer);
    }
    let turn = 0;
    const say = async (utterance: string) => {
      const clip = await speak(utterance, i, noise);
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
    outcomes.push(
      await runEpisode(
        episode,
        await say(episode.instruction),
        (q) => answerQuestion(q, episode, random),
        say,
      ),
    );
    if ((i + 1) % 25 === 0) console.log(`  voice, ${name}: ${i + 1}/${episodes.length}`);
  }
  for (const recognizer of recognizers.values()) await recognizer.close();
  return { metrics: score(outcomes), wer: words > 0 ? errors / words : NaN, words };
}

await main();
