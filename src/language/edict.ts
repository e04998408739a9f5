/**
 * EDICT, the Japanese–English dictionary of the Electronic Dictionary Research and Development
 * Group, as Debian's `edict` package installs it (EUC-JP, one entry a line:
 * `花瓶 [かびん] /(n) (flower) vase/(P)/`). Japanese words the grounding dictionary lacks reach
 * the English vocabulary through its glosses: 花瓶 → vase, 充電器 → charger, 恐竜 → dinosaur.
 */
import { existsSync, readFileSync } from 'node:fs';

export const EDICT_PATH = '/usr/share/edict/edict';

export type Edict = ReadonlyMap<string, readonly string[]>;

/** "(n) (flower) vase" → ["vase", "flower vase"]: without and with what is in brackets. */
function glossForms(gloss: string): string[] {
  const bare = gloss
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  const full = gloss
    .replace(/\((?:[a-z,-]+|\d+|P|uk|abbr|col|sl)\)/g, ' ')
    .replace(/[()]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return [...new Set([bare, full].filter(Boolean).map((g) => g.replace(/-/g, ' ')))];
}

/** Headwords and kana readings → glosses, in the dictionary's order. */
export function loadEdict(path = EDICT_PATH): Edict {
  if (!existsSync(path))
    throw new Error(
      `Japanese grounding needs Debian's edict dictionary (apt-get install edict): ${path} is missing`,
    );
  const text = new TextDecoder('euc-jp').decode(readFileSync(path));
  const entries = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^(\S+)(?: \[([^\]]+)\])? \/(.*)\/$/.exec(line);
    if (!match) continue;
    const glosses = match[3]!.split('/').flatMap(glossForms);
    for (const word of [match[1]!, match[2]].filter((w): w is string => w !== undefined)) {
      const list = entries.get(word);
      if (list) list.push(...glosses);
      else entries.set(word, [...glosses]);
    }
  }
  return entries;
}
