import { describe, expect, it } from 'vitest';
import { pruneVoidRules } from '../../src/language/pruneVoidRules.ts';

describe('pruneVoidRules', () => {
  it('drops what needs a void rule, keeps optional parts out, and voids rules left empty in turn', () => {
    const jsgf = [
      '#JSGF V1.0;',
      'grammar g;',
      'public <utterance> = stop | find [the] <np> | put <np> on <furniture>;',
      '<np> = [<mod>] <noun> | it;',
      '<mod> = <color> | <size> | <color> <size>;',
      '<color> = <VOID>;',
      '<size> = big | small;',
      '<noun> = cup | (red | <VOID>) ball;',
      '<furniture> = <VOID>;',
    ].join('\n');
    const pruned = pruneVoidRules(jsgf);
    expect(pruned).toContain('public <utterance> = stop | find [the] <np>;');
    expect(pruned).toContain('<mod> = <size>;');
    expect(pruned).toContain('<noun> = cup | (red) ball;');
    expect(pruned).not.toContain('<VOID>');
    expect(pruned).not.toContain('<furniture>');
  });
});
