import { describe, expect, it } from 'vitest';
import { onKnownSupport } from '../../src/manipulation/knownSupport.ts';
import type { HousePlace } from '../../src/world/houseDescription.ts';

const table: HousePlace = {
  name: 'low table',
  id: 'low_table_1',
  kind: 'surface',
  position: [2, 1, 0.2],
  yaw: Math.PI / 2,
  size: [1.0, 0.6, 0.4],
};

describe('onKnownSupport', () => {
  it('rests a box perceived 2 cm above the floor on the floor, its top where it was', () => {
    const { box, supportZ } = onKnownSupport({ center: [0.5, 0.5, 0.03], size: [0.1, 0.1, 0.02] });
    expect(supportZ).toBe(0);
    expect(box.center[2] + box.size[2] / 2).toBeCloseTo(0.04, 9);
    expect(box.center[2] - box.size[2] / 2).toBeCloseTo(0, 9);
  });

  it("rests a box on the top of the furniture under its middle (the table's turned footprint)", () => {
    // 0.45 m off the table's centre along y lies inside its 1 m length, turned by 90°.
    const { supportZ } = onKnownSupport({ center: [2, 1.45, 0.42], size: [0.1, 0.1, 0.02] }, [table]);
    expect(supportZ).toBeCloseTo(0.4, 9);
    const beside = onKnownSupport({ center: [2.45, 1, 0.42], size: [0.1, 0.1, 0.02] }, [table]);
    expect(beside.supportZ).toBeCloseTo(0.41, 9);
  });

  it('knows the underside of the furniture over an item (a table it lies under) and none in the open', () => {
    const under = onKnownSupport({ center: [2, 1.2, 0.03], size: [0.1, 0.1, 0.06] }, [table]);
    expect(under.supportZ).toBe(0);
    expect(under.ceilingZ).toBeCloseTo(0.38, 9);
    expect(onKnownSupport({ center: [2, 1.2, 0.42], size: [0.1, 0.1, 0.04] }, [table]).ceilingZ).toBe(
      Infinity,
    );
    expect(onKnownSupport({ center: [0.5, 0.5, 0.03], size: [0.1, 0.1, 0.06] }, [table]).ceilingZ).toBe(
      Infinity,
    );
  });

  it('leaves a box far from any known surface as it is', () => {
    const perceived = { center: [0.5, 0.5, 0.7], size: [0.1, 0.1, 0.1] } as const;
    const { box, supportZ } = onKnownSupport(perceived, [table]);
    expect(supportZ).toBeCloseTo(0.65, 9);
    for (let k = 0; k < 3; k++) {
      expect(box.center[k]).toBeCloseTo(perceived.center[k]!, 9);
      expect(box.size[k]).toBeCloseTo(perceived.size[k]!, 9);
    }
  });
});
