import { randomUUID } from 'node:crypto';
import { Logger } from '../observability/logger';
import { StateStore } from '../ports/state-store.port';
import { isCertainlyGone, ProcessIdentity, thisProcess } from './process-identity';
import { Clock, systemClock, Timer } from '../time/clock';

export interface InstanceClaimOptions {
  /** How often the holder re-writes its claim (and a process without the id looks whether it is free). */
  heartbeatMs: number;
  /** A claim not re-written for this long may be taken by anyone (its holder is presumed dead). */
  staleMs: number;
  /** What the claim's times are read from and its heartbeat is scheduled on (tests move time by hand). */
  clock: Clock;
  /** Whether the process that wrote a claim is certainly gone (tests replace the OS check). */
  isGone: (holder: ProcessIdentity) => boolean;
  self: ProcessIdentity;
}

interface ClaimRecord {
  token: string;
  process: ProcessIdentity;
  claimedAt: string;
  heartbeatAt: number;
}

export const instanceClaimKey = (instanceId: string) => `system/instances/${instanceId}`;

/**
 * At most one live process holds an instance id. The id names the owner of this instance's job
 * leases, so the process that holds it takes those leases back at once after a restart (a lease's
 * holder may acquire it again), instead of waiting for them to expire.
 *
 * @remarks
 * The claim is a document in the shared state store, written only etag-conditionally. A process takes
 * the id when it is unclaimed, when the process that claimed it is certainly gone (same host, boot and
 * PID namespace, and no process with its pid and start time runs: a restart), or when its claim was
 * not re-written for `staleMs` (a holder on another machine that died; its job leases expire by then
 * too). A claim held by a process that may be alive (a twin started with the same id, or the old
 * process still draining during an overlapping restart) is never taken: this process then runs as
 * `<id>~<random>`, an owner of its own, like another instance, and takes the id if it is freed later.
 * A holder that finds its claim taken (it was judged dead) stops using the id at once.
 */
export class InstanceClaim {
  private readonly token = randomUUID();
  private readonly fallbackOwner: string;
  private etag?: string;
  private claimedAt = '';
  private timer?: Timer;
  private readonly lostListeners: Array<(owner: string) => void> = [];
  private readonly options: InstanceClaimOptions;

  private constructor(
    private readonly store: Pick<StateStore, 'get' | 'put' | 'delete'>,
    readonly instanceId: string,
    private readonly log: Logger,
    options: Partial<InstanceClaimOptions> & Pick<InstanceClaimOptions, 'heartbeatMs' | 'staleMs'>,
  ) {
    this.options = { clock: systemClock, isGone: isCertainlyGone, self: thisProcess(), ...options };
    this.fallbackOwner = `${instanceId}~${this.token.slice(0, 8)}`;
  }

  /** Claims `instanceId` if it can; either way, the returned claim names the owner this process must use. */
  static async take(
    store: Pick<StateStore, 'get' | 'put' | 'delete'>,
    instanceId: string,
    log: Logger,
    options: Partial<InstanceClaimOptions> & Pick<InstanceClaimOptions, 'heartbeatMs' | 'staleMs'>,
  ): Promise<InstanceClaim> {
    const claim = new InstanceClaim(store, instanceId, log, options);
    await claim.tryToClaim(true);
    claim.timer = claim.options.clock.every(claim.options.heartbeatMs, () => void claim.tick().catch((error) => log.warn({ err: error, instanceId }, 'Could not refresh the instance claim')));
    return claim;
  }

  /** The lease owner this process uses now: the instance id while it holds it, else an owner of its own. */
  get owner(): string {
    return this.holds ? this.instanceId : this.fallbackOwner;
  }

  get holds(): boolean {
    return this.etag !== undefined;
  }

  /** Called with the owner that lost the id (the instance id) when another process took it over. */
  onLost(listener: (owner: string) => void): void {
    this.lostListeners.push(listener);
  }

  /** Frees the id for the next process (a clean shutdown). */
  async release(): Promise<void> {
    this.timer?.cancel();
    const etag = this.etag;
    this.etag = undefined;
    if (etag) await this.store.delete(instanceClaimKey(this.instanceId), { ifMatch: etag });
  }

  private async tick(): Promise<void> {
    if (this.holds) await this.heartbeat();
    else await this.tryToClaim(false);
  }

  private async heartbeat(): Promise<void> {
    const key = instanceClaimKey(this.instanceId);
    const written = await this.store.put(key, this.record(), { ifMatch: this.etag! });
    if (written.ok) {
      this.etag = written.etag;
      return;
    }
    const current = await this.store.get<ClaimRecord>(key);
    if (current?.value.token === this.token) {
      this.etag = current.etag; // our own write, answered as a conflict (a retried request): still ours
      return;
    }
    this.etag = undefined;
    this.log.error(
      { instanceId: this.instanceId, holder: current?.value.process, owner: this.fallbackOwner },
      'Another process took over this instance id (this one was presumed dead): stopping the jobs held under it, and going on as an owner of its own',
    );
    for (const listener of this.lostListeners) listener(this.instanceId);
  }

  private async tryToClaim(starting: boolean): Promise<void> {
    const key = instanceClaimKey(this.instanceId);
    for (let round = 0; round < 10; round++) {
      const current = await this.store.get<ClaimRecord>(key);
      const why = current ? this.whyFree(current.value) : 'unclaimed';
      if (!why) {
        if (starting) {
          this.log.warn(
            { instanceId: this.instanceId, holder: current!.value.process, owner: this.fallbackOwner },
            "Another live process holds this instance id: this process runs as an owner of its own, and takes over that process's jobs only when it releases them or they expire",
          );
        }
        return;
      }
      this.claimedAt = new Date(this.options.clock.now()).toISOString();
      const written = await this.store.put(key, this.record(), current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
      if (written.ok) {
        this.etag = written.etag;
        const previous = current?.value.process;
        this.log.info(
          { instanceId: this.instanceId, previous, why },
          current ? "Took over this instance id: its previous process is gone, so this one takes that process's job leases back at once" : 'Claimed this instance id',
        );
        return;
      }
    }
  }

  /** Why a claim may be taken, or undefined while its holder may be alive. */
  private whyFree(claim: ClaimRecord): string | undefined {
    if (this.options.isGone(claim.process)) return 'its process is gone';
    const silentMs = this.options.clock.now() - claim.heartbeatAt;
    if (silentMs > this.options.staleMs) return `not refreshed for ${silentMs} ms`;
    return undefined;
  }

  private record(): ClaimRecord {
    return { token: this.token, process: this.options.self, claimedAt: this.claimedAt, heartbeatAt: this.options.clock.now() };
  }
}
