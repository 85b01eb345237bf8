// `polihon participants`: the bundled reference participants, the roles each plays and its fault switches — what
// `polihon demo --participant … --participant-faults …` accepts.
import { relative } from 'node:path';
import { EXIT } from '../../core/errors.ts';
import { t } from '../../core/i18n.ts';
import { loadProfile } from '../../conformance/sut-profile.ts';
import type { Args } from '../main.ts';
import { FAULT_UK, langOfArgs, M } from '../messages.ts';
import type { Output } from '../output.ts';
import { PACKAGE_ROOT, REFERENCE_PARTICIPANTS, referenceProfile } from '../paths.ts';
import { REFERENCE_FAULTS } from '../reference.ts';

export async function participantsCommand(args: Args, out: Output): Promise<number> {
  const lang = langOfArgs(args);
  const lines = [t(M.participantsTitle, lang), ''];
  for (const name of REFERENCE_PARTICIPANTS) {
    const profile = loadProfile(referenceProfile(name));
    lines.push(`${name}  — ${profile.name}`);
    lines.push(`  ${t(M.participantRoles, lang, { roles: profile.roles.join(', ') })}`);
    lines.push(`  ${t(M.participantProfile, lang, { path: relative(PACKAGE_ROOT, referenceProfile(name)) })}`);
    lines.push(`  ${t(M.faultSwitches, lang)}`);
    const faults = REFERENCE_FAULTS[name];
    const width = Math.max(...faults.map((f) => f.name.length));
    for (const f of faults) {
      const text = lang === 'uk' ? (FAULT_UK[`${name}/${f.name}`] ?? f.description) : firstSentence(f.description);
      lines.push(`    ${f.name.padEnd(width)}  ${(f.breaks.length ? f.breaks.join(',') : t(f.variant ? M.mustPass : M.noRule, lang)).padEnd(8)}  ${text}`);
    }
    lines.push('');
  }
  out.stdout(lines.join('\n'));
  return EXIT.ok;
}

/** One line of a description: its first sentence (descriptions in faults.ts may run on). */
function firstSentence(text: string): string {
  const m = /^(.*?\.)(\s|$)/.exec(text);
  return (m?.[1] ?? text).replace(/\.$/, '');
}
