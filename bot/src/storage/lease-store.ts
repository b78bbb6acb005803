/**
 * The leader lease and the delivery engine's state row, in Azure Tables.
 *
 * A lease row names its holder and when it expires; taking or renewing it is a Replace guarded
 * by the row's ETag, so of two instances racing for it one wins and the other sees 412. When the
 * holder stops renewing (it died), the lease expires and the next instance that asks takes it,
 * with the epoch one higher so rows the old holder left in `sending` can be told apart.
 */
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import type { DeliveryState, DeliveryStateStore, Lease, LeaseStore } from '../delivery/ports';
import { encodeKey } from './keys';
import { storageStatus, TABLES, type TableStorage } from './tables';

const LEASE_PARTITION = 'lease';
const STATE_PARTITION = 'state';
const STATE_ROW = 'delivery';

type LeaseEntity = { holder: string; epoch: number; expiresAt: string };

function toLease(name: string, e: TableEntityResult<Record<string, unknown>>): Lease {
  return {
    name,
    holder: typeof e.holder === 'string' ? e.holder : '',
    epoch: typeof e.epoch === 'number' ? e.epoch : 0,
    expiresAt: typeof e.expiresAt === 'string' ? e.expiresAt : new Date(0).toISOString(),
    etag: e.etag,
  };
}

export class TableLeaseStore implements LeaseStore {
  private readonly table: TableClient;

  constructor(storage: Pick<TableStorage, 'table'>) {
    this.table = storage.table(TABLES.leases);
  }

  private async read(name: string): Promise<Lease | undefined> {
    try {
      return toLease(
        name,
        await this.table.getEntity<Record<string, unknown>>(LEASE_PARTITION, encodeKey(name)),
      );
    } catch (error) {
      if (storageStatus(error) === 404) return undefined;
      throw error;
    }
  }

  private async write(
    name: string,
    value: LeaseEntity,
    etag: string | undefined,
  ): Promise<Lease | undefined> {
    const entity = { partitionKey: LEASE_PARTITION, rowKey: encodeKey(name), ...value };
    try {
      const res =
        etag === undefined
          ? await this.table.createEntity(entity)
          : await this.table.updateEntity(entity, 'Replace', { etag });
      return { name, ...value, etag: res.etag ?? '' };
    } catch (error) {
      const status = storageStatus(error);
      // 409: someone created it first; 412: someone changed it first; 404: it was deleted.
      if (status === 409 || status === 412 || status === 404) return undefined;
      throw error;
    }
  }

  async acquire(
    name: string,
    holder: string,
    durationMs: number,
    now: Date,
  ): Promise<{ held: true; lease: Lease } | { held: false; current?: Lease }> {
    const current = await this.read(name);
    const expiresAt = new Date(now.getTime() + durationMs).toISOString();
    if (!current) {
      const lease = await this.write(name, { holder, epoch: 1, expiresAt }, undefined);
      return lease ? { held: true, lease } : { held: false, current: await this.read(name) };
    }
    const ours = current.holder === holder;
    if (!ours && Date.parse(current.expiresAt) > now.getTime()) return { held: false, current };
    const lease = await this.write(
      name,
      { holder, epoch: ours ? current.epoch : current.epoch + 1, expiresAt },
      current.etag,
    );
    return lease ? { held: true, lease } : { held: false, current: await this.read(name) };
  }

  renew(lease: Lease, durationMs: number, now: Date): Promise<Lease | undefined> {
    return this.write(
      lease.name,
      {
        holder: lease.holder,
        epoch: lease.epoch,
        expiresAt: new Date(now.getTime() + durationMs).toISOString(),
      },
      lease.etag,
    );
  }

  async release(lease: Lease): Promise<void> {
    await this.write(
      lease.name,
      { holder: lease.holder, epoch: lease.epoch, expiresAt: new Date(0).toISOString() },
      lease.etag,
    );
  }
}

export class TableDeliveryStateStore implements DeliveryStateStore {
  private readonly table: TableClient;

  constructor(storage: Pick<TableStorage, 'table'>) {
    this.table = storage.table(TABLES.leases);
  }

  private async readRow(): Promise<{ state: DeliveryState; etag?: string }> {
    try {
      const e = await this.table.getEntity<Record<string, unknown>>(STATE_PARTITION, STATE_ROW);
      const state: DeliveryState = {
        paused: e.paused === true,
        ...(typeof e.lastTick === 'string' && e.lastTick ? { lastTick: e.lastTick } : {}),
        ...(typeof e.pausedBy === 'string' && e.pausedBy ? { pausedBy: e.pausedBy } : {}),
        ...(typeof e.pausedAt === 'string' && e.pausedAt ? { pausedAt: e.pausedAt } : {}),
      };
      return { state, etag: e.etag };
    } catch (error) {
      if (storageStatus(error) === 404) return { state: { paused: false } };
      throw error;
    }
  }

  async read(): Promise<DeliveryState> {
    return (await this.readRow()).state;
  }

  /** Read, change, write under the ETag; a lost race reads again. */
  private async change(
    fn: (state: DeliveryState) => DeliveryState | undefined,
  ): Promise<DeliveryState> {
    for (let attempt = 0; ; attempt++) {
      const { state, etag } = await this.readRow();
      const next = fn(state);
      if (!next) return state;
      const entity = {
        partitionKey: STATE_PARTITION,
        rowKey: STATE_ROW,
        paused: next.paused,
        lastTick: next.lastTick ?? '',
        pausedBy: next.pausedBy ?? '',
        pausedAt: next.pausedAt ?? '',
      };
      try {
        if (etag === undefined) await this.table.createEntity(entity);
        else await this.table.updateEntity(entity, 'Replace', { etag });
        return next;
      } catch (error) {
        const status = storageStatus(error);
        if ((status !== 409 && status !== 412) || attempt >= 5) throw error;
      }
    }
  }

  async saveLastTick(at: string): Promise<void> {
    await this.change((s) =>
      s.lastTick !== undefined && s.lastTick >= at ? undefined : { ...s, lastTick: at },
    );
  }

  setPaused(paused: boolean, by: string, at: string): Promise<DeliveryState> {
    return this.change((s) =>
      paused
        ? { ...s, paused: true, pausedBy: by, pausedAt: at }
        : { ...(s.lastTick !== undefined ? { lastTick: s.lastTick } : {}), paused: false },
    );
  }
}
