// The participant profile (polihon.sut.yaml): who the participant is, where it listens, how to start it.
// Validated like scenarios: every problem located, unknown keys rejected.
import { z } from 'zod';
import { PolihonError } from '../core/errors.ts';
import { parseTimeSpec } from '../core/duration.ts';
import { UI_SELECTOR_NAME } from './browser/selector-name.ts';
import { checkComposeService } from './launchers/compose-file.ts';
import { ROLES } from './scenario.ts';
import { parseYamlLocated, readInputFile, zodIssues } from './yaml-located.ts';

const url = z.string().regex(/^https?:\/\/[^\s]+$/, 'an http(s) URL');
const duration = z.string().refine((s) => {
  try {
    return parseTimeSpec(s).kind === 'duration';
  } catch {
    return false;
  }
}, "a duration such as '20s' or '2m'");

const commandLaunch = z.strictObject({
  command: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().optional(),
  health: url,
  readyTimeout: duration.optional(),
  /** `faketime`: the participant's own clock follows the run's virtual clock (libfaketime, Linux) */
  clock: z.literal('faketime').optional(),
});
const urlLaunch = z.strictObject({ url, health: url.optional() });
const containerLaunch = z.strictObject({
  container: z.strictObject({ image: z.string().min(1), port: z.number().int().positive(), env: z.record(z.string(), z.string()).optional() }),
  health: z.string().min(1).optional(),
  readyTimeout: duration.optional(),
});
const composeLaunch = z.strictObject({
  compose: z.strictObject({ file: z.string().min(1), service: z.string().min(1), port: z.number().int().positive() }),
  health: z.string().min(1).optional(),
  readyTimeout: duration.optional(),
});

/** The launch forms by the key that names each: a launch that has one is judged as that form alone. */
const LAUNCH_FORMS = [
  ['command', commandLaunch],
  ['url', urlLaunch],
  ['container', containerLaunch],
  ['compose', composeLaunch],
] as const;

export const profileSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  version: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
  identity: z
    .strictObject({
      instance: z.string().min(1),
      memberClass: z.string().min(1),
      memberCode: z.string().regex(/^\d{8}$/, 'an 8-digit ЄДРПОУ code'),
      subsystem: z.string().min(1).optional(),
    })
    .optional(),
  endpoints: z.strictObject({
    driver: url,
    provider: url.optional(),
    notification: url.optional(),
    ui: url.optional(),
  }),
  launch: z.union([commandLaunch, urlLaunch, containerLaunch, composeLaunch]),
  /**
   * mTLS (conformance/mtls.ts): `issue` — the harness issues a certificate for the run from the test CA for the
   * identity (or the participant slot); `{ cert, key }` — PEM files, relative to this profile. Either turns mTLS on.
   */
  certificate: z.union([z.literal('issue'), z.strictObject({ cert: z.string().min(1), key: z.string().min(1) })]).optional(),
  /** the web UI's elements `ui` steps name: `selectors: { codeInput: '#code', … }` (conformance/steps/ui.ts) */
  ui: z
    .strictObject({
      selectors: z.record(z.string().regex(UI_SELECTOR_NAME, 'a selector name: a letter, then letters, digits, _ or -'), z.string().trim().min(1, 'a CSS selector')),
    })
    .optional(),
});
export type SutProfile = z.infer<typeof profileSchema> & { file: string };
export type LauncherKind = 'url' | 'command' | 'container' | 'compose';

export function launcherKind(p: SutProfile): LauncherKind {
  if ('command' in p.launch) return 'command';
  if ('container' in p.launch) return 'container';
  if ('compose' in p.launch) return 'compose';
  return 'url';
}

export function parseProfile(text: string, file: string): SutProfile {
  const src = parseYamlLocated(text, file, 'E_PROFILE_INVALID');
  const r = profileSchema.safeParse(src.value);
  if (!r.success) {
    throw new PolihonError('E_PROFILE_INVALID', 'the participant profile is invalid', {
      where: file,
      details: zodIssues(sharpened(r.error, src.value), src),
      hint: 'launch takes one of: {command, health}, {url}, {container}, {compose}; see docs/en/participant-profile.md',
    });
  }
  return { ...r.data, file };
}

/**
 * A launch that names its form (`container:`, `compose:`, …) but is wrong inside: that form's own problems, each at
 * its place, instead of the union's "matches none of the accepted forms" at `launch`.
 */
function sharpened(error: z.ZodError, value: unknown): z.ZodError {
  const launch = (value as { launch?: unknown } | null)?.launch;
  if (!launch || typeof launch !== 'object') return error;
  const form = LAUNCH_FORMS.find(([key]) => Object.hasOwn(launch, key));
  const own = form?.[1].safeParse(launch);
  if (!own || own.success) return error;
  const rest = error.issues.filter((i) => !(i.code === 'invalid_union' && i.path.length === 1 && i.path[0] === 'launch'));
  return new z.ZodError([...rest, ...own.error.issues.map((i) => ({ ...i, path: ['launch', ...i.path] }))]);
}

export function loadProfile(file: string): SutProfile {
  const text = readInputFile(file, {
    code: 'E_PROFILE_INVALID',
    notFoundMessage: `participant profile ${file} not found`,
    notFoundHint: 'pass --sut <file>, e.g. participants/hromada-registry/polihon.sut.yaml',
  });
  const profile = parseProfile(text, file);
  if ('compose' in profile.launch) checkComposeService(profile.launch.compose.file, profile.launch.compose.service, file);
  return profile;
}

/** Replaces `${port}` everywhere in the profile (a port the command launcher picked). */
export function substitutePort(p: SutProfile, port: number): SutProfile {
  return JSON.parse(JSON.stringify(p).replaceAll('${port}', String(port))) as SutProfile;
}
