// The compose file a `compose` launch names, checked when the profile is loaded (`polihon validate --sut` too), so a
// file that cannot work is invalid input (exit 2) before anything starts, not a participant that seems unreachable.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { PolihonError } from '../../core/errors.ts';
import { msg } from '../../core/i18n.ts';
import { readInputFile } from '../yaml-located.ts';
import { M } from './messages.ts';

/**
 * The service must exist in the file (a path relative to the folder polihon runs in) and be on the host's network
 * (container.ts says why): without it the service would start and then reach nothing, which would look like the
 * participant's fault. Throws E_PROFILE_INVALID.
 */
export function checkComposeService(file: string, service: string, profileFile: string): void {
  const where = profileFile;
  const abs = resolve(file);
  if (!existsSync(abs)) {
    throw new PolihonError('E_PROFILE_INVALID', msg(M.composeFileMissing, { file }), { where, hint: msg(M.composeFileMissingHint) });
  }
  let doc: unknown;
  try {
    // merge keys: compose files share settings with `<<: *anchor`
    doc = parse(readInputFile(abs, { code: 'E_PROFILE_INVALID', shown: file }), { merge: true });
  } catch (err) {
    if (err instanceof PolihonError) throw err;
    throw new PolihonError('E_PROFILE_INVALID', msg(M.composeFileUnreadable, { file, reason: (err as Error).message.split('\n')[0] ?? '' }), { where });
  }
  const services = (doc as { services?: unknown } | null)?.services;
  const all = services && typeof services === 'object' ? (services as Record<string, unknown>) : {};
  const entry = Object.hasOwn(all, service) ? (all[service] as { network_mode?: unknown } | null) : undefined;
  if (!entry) {
    throw new PolihonError('E_PROFILE_INVALID', msg(M.composeNoService, { service, file }), {
      where,
      hint: msg(M.composeServices, { list: Object.keys(all).join(', ') || '—' }),
    });
  }
  if (entry.network_mode !== 'host') {
    throw new PolihonError('E_PROFILE_INVALID', msg(M.composeNotHostNetwork, { service, file, mode: String(entry.network_mode ?? 'default') }), {
      where,
      hint: msg(M.composeNotHostNetworkHint, { service }),
    });
  }
}
