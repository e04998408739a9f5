// Regenerates src/messages/types.generated.ts from the interface definitions.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { messageRegistry } from '../src/runtime/messages/MessageRegistry.ts';
import { generateTypeScript } from '../src/runtime/messages/typeScriptTypes.ts';

const out = fileURLToPath(new URL('../src/messages/types.generated.ts', import.meta.url));
writeFileSync(out, generateTypeScript(messageRegistry()));
console.log(`wrote ${out}`);
