import { describe, expect, it } from 'vitest';
import { withoutAnsi } from '../scripts/plain-text.mjs';

describe('the docs build writes plain text into logs', () => {
  it("takes TypeDoc's colours and those of a TypeScript diagnostic out, and leaves the words", () => {
    // As TypeDoc 0.28 printed them into the docs build's log.
    const typedoc = '\u001b[93m[warning]\u001b[0m EncodedStateValueV1, defined in @descent/optim/src/state-dict.ts, is not included\n';
    const diagnostic = '\u001b[96msrc/a.ts\u001b[0m:\u001b[93m173\u001b[0m:\u001b[93m37\u001b[0m - \u001b[91merror\u001b[0m\u001b[90m TS2322: \u001b[0mType\n\u001b[7m173\u001b[0m x\n';
    expect(withoutAnsi(typedoc)).toBe('[warning] EncodedStateValueV1, defined in @descent/optim/src/state-dict.ts, is not included\n');
    expect(withoutAnsi(diagnostic)).toBe('src/a.ts:173:37 - error TS2322: Type\n173 x\n');
    expect(withoutAnsi('plain [text] stays; 93m too\n')).toBe('plain [text] stays; 93m too\n');
  });
});
