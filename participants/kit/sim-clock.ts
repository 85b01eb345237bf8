// "Now" for a reference participant: the simulators' clock (contracts.md §3), never this machine's wall clock, so a
// participant is judged fairly under virtual time. The clock URL comes with POST /driver/reset; every simulator
// answer and request carries X-Polihon-Time, which is the exact instant a message was taken. Imports nothing of
// polihon.

interface Reading {
  at: number;
  wall: number;
  running: boolean;
}

export class SimClock {
  private url: string | undefined;
  private last: Reading | undefined;

  /** `get` reads the clock URL: the global fetch unless the participant's outbound calls go another way (mTLS). */
  constructor(private readonly get: (url: string, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init)) {}

  /** Forgets what it knew and reads the new clock once (a clock that cannot be read is asked again later). */
  async reset(url: string | undefined): Promise<void> {
    this.url = url && /^https?:\/\//.test(url) ? url : undefined;
    this.last = undefined;
    if (this.url) await this.read();
  }

  /** Takes an X-Polihon-Time value; anything unreadable is ignored. */
  note(header: string | null | undefined): void {
    const at = Date.parse(header ?? '');
    if (Number.isFinite(at)) this.last = { at, wall: Date.now(), running: this.last?.running ?? false };
  }

  /**
   * The current instant in epoch ms: the clock read afresh (a virtual clock moves between steps without telling
   * anyone), else the last reading carried on (a real clock) or held (a virtual one), else the wall clock when no
   * simulator clock was ever known (a developer running it alone).
   */
  async now(): Promise<number> {
    if (this.url) await this.read();
    return this.known();
  }

  /**
   * The instant a message was taken: its X-Polihon-Time when it carries one (the simulator said so), else the clock
   * read now.
   */
  async takenAt(header: string | undefined): Promise<number> {
    this.note(header);
    return header ? this.known() : this.now();
  }

  /** The last known instant without asking the clock again. */
  known(): number {
    const t = this.last;
    if (!t) return Date.now();
    return t.running ? t.at + (Date.now() - t.wall) : t.at;
  }

  private async read(): Promise<void> {
    try {
      const res = await this.get(this.url!, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { epochMs?: unknown; mode?: unknown };
      if (typeof body.epochMs === 'number') this.last = { at: body.epochMs, wall: Date.now(), running: body.mode === 'real' };
    } catch {
      /* keep the last reading: the answers' X-Polihon-Time will tell */
    }
  }
}

/** An ISO instant of epoch ms. */
export const iso = (ms: number): string => new Date(ms).toISOString();
