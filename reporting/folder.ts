// The report folder of a run, conformance or load alike: reports/<run-id>/, and reports/latest pointing at it.
import { cp, mkdir, rename, rm, symlink as fsSymlink } from 'node:fs/promises';
import path from 'node:path';
import { PolihonError } from '../core/errors.ts';

export const LATEST = 'latest';

export interface LatestLink {
  path: string;
  /** a symlink, or (where links are not allowed) a copy */
  kind: 'symlink' | 'copy';
}

/** A run id becomes a folder name: no separators, no dot-dot, not `latest`. */
export function checkRunId(id: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id) || id === LATEST) {
    throw new PolihonError('E_INTERNAL', `run id '${id}' cannot name a report folder`, {
      hint: 'run ids are letters, digits, dots, dashes and underscores, and never "latest"',
    });
  }
}

/** Creates `<reportsRoot>/<runId>` (the id checked first) and returns the absolute root and folder. */
export async function runFolder(reportsRoot: string, runId: string): Promise<{ root: string; dir: string }> {
  checkRunId(runId);
  const root = path.resolve(reportsRoot);
  const dir = path.join(root, runId);
  await mkdir(dir, { recursive: true });
  return { root, dir };
}

/**
 * Makes `<root>/latest` point at `<root>/<runId>`: a relative symlink swapped in by rename (readers never see
 * it missing), or a copy of the folder where symlinks are refused (Windows without developer mode, some
 * mounted filesystems). `link` is injectable so the fallback can be tested.
 */
export async function pointLatest(root: string, runId: string, link: typeof fsSymlink = fsSymlink): Promise<LatestLink> {
  const latest = path.join(root, LATEST);
  const tmp = path.join(root, `.${LATEST}-${process.pid}-${runId}`);
  try {
    await rm(tmp, { force: true, recursive: true });
    // junctions need absolute targets; elsewhere a relative link survives moving the whole folder
    if (process.platform === 'win32') await link(path.join(root, runId), tmp, 'junction');
    else await link(runId, tmp, 'dir');
    try {
      await rename(tmp, latest);
    } catch {
      // an earlier copy (a real directory) cannot be renamed over
      await rm(latest, { force: true, recursive: true });
      await rename(tmp, latest);
    }
    return { path: latest, kind: 'symlink' };
  } catch {
    await rm(tmp, { force: true, recursive: true });
    await rm(latest, { force: true, recursive: true });
    await cp(path.join(root, runId), latest, { recursive: true });
    return { path: latest, kind: 'copy' };
  }
}
