// Coverage by role: which rules are a participant's to keep, and the per-role counts report.json carries.
import { describe, expect, it } from 'vitest';
import type { RequirementVerdict } from '../../core/results.ts';
import { bindsRoles, loadCatalog, partitionByRoles, roleCoverage } from './catalog.ts';

describe('coverage by role', () => {
  const catalog = loadCatalog();

  it("a rule is the participant's when it binds one of its roles; a simulator is nobody's role", () => {
    expect(bindsRoles({ roles: ['hromada-registry'] }, ['hromada-registry'])).toBe(true);
    expect(bindsRoles({ roles: ['hromada-registry', 'simulator'] }, ['hromada-registry'])).toBe(true);
    expect(bindsRoles({ roles: ['simulator'] }, ['hromada-registry'])).toBe(false);
    expect(bindsRoles({ roles: ['simulator'] }, ['simulator'])).toBe(false);
    expect(bindsRoles({ roles: ['hr-system'] }, ['hromada-registry', 'trembita-consumer'])).toBe(false);
    // without declared roles nothing can be set aside
    expect(bindsRoles({ roles: ['hr-system'] }, [])).toBe(true);
  });

  it('splits the catalog for a hromada registry, keeping any judged rule of another role on its side', () => {
    const { own, others } = partitionByRoles(catalog, ['hromada-registry'], (id) => id === 'TRB-01');
    expect(own.length + others.length).toBe(catalog.length);
    expect(own.map((r) => r.id)).toContain('XCH-03');
    expect(own.map((r) => r.id)).toContain('TRB-01');
    expect(own.every((r) => r.id === 'TRB-01' || r.roles.includes('hromada-registry'))).toBe(true);
    expect(others.map((r) => r.id)).toContain('DIIA-01');
    expect(others.map((r) => r.id)).toContain('DMS-05');
  });

  it('counts per role: rows that bind it, informative ones, and the verdicts of the observable ones', () => {
    const verdicts: RequirementVerdict[] = [
      { id: 'DMS-02', outcome: 'fail', evidence: [] },
      { id: 'DMS-01', outcome: 'pass', evidence: [] },
    ];
    const [hromada, consumer] = roleCoverage(catalog, verdicts, ['hromada-registry', 'trembita-consumer']);
    const rows = catalog.filter((r) => r.roles.includes('hromada-registry'));
    expect(hromada?.role).toBe('hromada-registry');
    expect(hromada?.requirements).toBe(rows.length);
    expect(hromada?.informative).toBe(rows.filter((r) => !r.observable).length);
    expect(hromada?.counts).toMatchObject({ pass: 1, fail: 1, 'not-covered': rows.filter((r) => r.observable).length - 2 });
    expect(consumer?.counts.pass).toBe(0);
    expect(consumer?.requirements).toBe(catalog.filter((r) => r.roles.includes('trembita-consumer')).length);
  });
});
