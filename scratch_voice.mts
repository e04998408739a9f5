import { generateEpisodes } from './src/language/evaluation/episodes.ts';
import { normalizeEnglish } from './src/language/parseEnglish.ts';
import { buildVocabulary } from './src/language/vocabulary.ts';
import { synthesize } from './src/speech/EspeakSynthesizer.ts';
import { PocketSphinxRecognizer } from './src/speech/PocketSphinxRecognizer.ts';
import { wordErrors } from './src/language/evaluation/evaluate.ts';
const VOICES = ['en-us', 'en-gb', 'en-us+f3', 'en-us+m3'];
const SPEEDS = [130, 160, 190];
const episodes = generateEpisodes('dev', 200).filter((e) => e.style !== 'elliptical').slice(0, Number(process.argv[2] ?? 30));
let errors = 0, words = 0;
for (const [i, e] of episodes.entries()) {
  const r = await PocketSphinxRecognizer.create(buildVocabulary(e.scene), e.scene);
  const text = normalizeEnglish(e.instruction.replace(/->/g, ' to ')).join(' ');
  const clip = await synthesize(text, { voice: VOICES[i % 4]!, wordsPerMinute: SPEEDS[Math.floor(i / 4) % 3]! });
  const h = (await r.recognize(clip))[0];
  const c = wordErrors(text, h?.text ?? '');
  errors += c.errors; words += c.words;
  if (c.errors > 0) console.log(`${i} ${VOICES[i % 4]} ${c.errors}/${c.words}\n  ref: ${text}\n  hyp: ${h?.text} (${h?.confidence.toFixed(2)})`);
  await r.close();
}
console.log('WER', errors / words);
