import { NodeLevel } from './network.entities';
import { levelOfCode, placementProblem } from './node-code';

describe('node codes', () => {
  it('reads the level from the length of the code', () => {
    expect(levelOfCode('360722')).toBe(NodeLevel.CountyHub);
    expect(levelOfCode('360722100')).toBe(NodeLevel.TownStation);
    expect(levelOfCode('360722100201')).toBe(NodeLevel.VillagePoint);
    expect(levelOfCode('3607221')).toBeNull();
    expect(levelOfCode('36072A')).toBeNull();
  });

  it('accepts each level under its parent when the code extends the parent code', () => {
    expect(placementProblem('360722', null)).toBeNull();
    expect(placementProblem('360722100', { code: '360722', level: NodeLevel.CountyHub })).toBeNull();
    expect(placementProblem('360722100201', { code: '360722100', level: NodeLevel.TownStation })).toBeNull();
  });

  it('refuses a code that does not extend the parent code', () => {
    expect(placementProblem('360723100', { code: '360722', level: NodeLevel.CountyHub })).toBe(
      "code 360723100 does not extend its parent's code 360722",
    );
  });

  it('refuses a node under a parent of the wrong level or without a parent', () => {
    expect(placementProblem('360722100201', { code: '360722', level: NodeLevel.CountyHub })).toMatch(
      /under a town station/,
    );
    expect(placementProblem('360722100', null)).toMatch(/needs a parent county hub/);
    expect(placementProblem('360722', { code: '360722', level: NodeLevel.CountyHub })).toMatch(/has no parent/);
  });
});
