export { Grounder, type GroundingResult, type Language } from './Grounder.ts';
export { parseScene, type Scene, type SceneObject, type SceneFurniture } from './scene.ts';
export { parseEnglish } from './parseEnglish.ts';
export { parseJapanese } from './parseJapanese.ts';
export { buildVocabulary, vocabularyWords, type Vocabulary } from './vocabulary.ts';
export { INTENTS, type Intent, type ParsedInstruction, type NounPhrase } from './instruction.ts';
export { progressReport, whereIs } from './describe.ts';
