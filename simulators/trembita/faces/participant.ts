// The participant slot: the registry as the harness reads and changes it. A run whose participant has its own X-Road
// identity puts it in the place of the registry's participant subsystem in-process, through the simulator's
// `participantSlot` (the change is computed by conformance/world.ts); tests grant or revoke rights through
// POST /__polihon/registry, which applies a change the same way.
import type { Hono } from 'hono';
import { PolihonError } from '../../../core/errors.ts';
import { formatXRoadId } from '../../../core/identifiers/xroad-id.ts';
import { problem } from '../../../core/problem.ts';
import { parseBody, readJson } from '../../kit/index.ts';
import { createRegistry, mergeRegistry, RegistryPatchSchema, validateRegistry } from '../registry.ts';
import { BUILTIN_CATALOG } from '../services.ts';
import type { TrembitaState } from '../state.ts';

/** The registry's config and every service with its provider and the clients allowed to call it. */
export function registryView(s: TrembitaState) {
  const registry = s.registry;
  const services = registry.clients().flatMap((cl) => (cl.id.objectType === 'SUBSYSTEM' ? registry.servicesOf(cl.id) : []));
  return {
    instance: registry.instance,
    config: registry.config,
    services: services.map((sv) => ({
      id: sv.idText,
      type: sv.type,
      provider: sv.config.provider,
      allowedClients: registry
        .clients()
        .filter((cl) => registry.isAllowed(cl.id, sv))
        .map((cl) => formatXRoadId(cl.id)),
    })),
  };
}

/**
 * Applies a registry change (the RegistryPatchSchema shape: members, access, revoke…); the whole registry is
 * validated again, and a change that would leave it invalid is refused with nothing changed.
 */
export function changeRegistry(s: TrembitaState, patch: unknown): { ok: true } | { ok: false; response: Response } {
  const parsed = parseBody(RegistryPatchSchema, patch, 'invalid-registry', 'Not a registry change');
  if (!parsed.ok) return parsed;
  try {
    const next = validateRegistry(mergeRegistry(s.registry.config, parsed.value), BUILTIN_CATALOG, 'registry change');
    s.registry = createRegistry(next);
  } catch (err) {
    if (!(err instanceof PolihonError)) throw err;
    return {
      ok: false,
      response: problem({
        code: 'invalid-registry',
        title: 'The registry would not be valid',
        status: 422,
        detail: err.details.map((d) => `${d.where}: ${d.message}`).join('; '),
        errors: err.details.map((d) => ({ field: d.where.replace(/^registry change: /, ''), message: d.message })),
      }),
    };
  }
  return { ok: true };
}

export function mountParticipant(app: Hono, s: TrembitaState): void {
  app.get('/__polihon/registry', (c) => c.json(registryView(s)));

  app.post('/__polihon/registry', async (c) => {
    const read = await readJson(c.req.raw);
    if (!read.ok) return read.response;
    const changed = changeRegistry(s, read.value);
    if (!changed.ok) return changed.response;
    return c.json(registryView(s));
  });
}
