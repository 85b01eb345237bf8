import { describe, expect, it } from 'vitest';
import { referencesIn, resolveRefs } from './expressions.ts';

const scope = { people: { olena: { rnokpp: '1759013776', address: { katottg: 'UA80000000000093317' } } }, steps: { d: { ref: 'A-1' } } };

describe('references', () => {
  it('yields the value itself for a whole reference', () => {
    expect(resolveRefs('${people.olena.address}', scope)).toEqual({ katottg: 'UA80000000000093317' });
  });
  it('interpolates inside text and walks objects and arrays', () => {
    expect(resolveRefs({ a: ['ref ${steps.d.ref}!', '${people.olena.rnokpp}'] }, scope)).toEqual({ a: ['ref A-1!', '1759013776'] });
  });
  it('refuses a reference to nothing, naming it', () => {
    expect(() => resolveRefs('${people.taras.rnokpp}', scope, 'x.yaml:3:5')).toThrow(/people\.taras\.rnokpp.*refers to nothing/);
  });
  it('lists references for static checks', () => {
    expect(referencesIn({ a: '${steps.d.ref} ${people.x}', b: ['${steps.e.at}'] })).toEqual(['steps.d.ref', 'people.x', 'steps.e.at']);
  });
});
