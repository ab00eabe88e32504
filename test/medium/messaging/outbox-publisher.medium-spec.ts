import { EventName } from '@countyflow/contracts';
import { CommittedEvent, EventPublisher } from '@countyflow/messaging';
import { PreparingClient, withTransaction } from '@countyflow/persistence';
import { workerDatabase } from '@countyflow/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/*
 * The outbox insert on the services' pipelining connections (docs/messaging.md "Outbox"): it is sent ahead and
 * leaves with the COMMIT, so the publisher neither waits for it nor learns of its failure at once. What must hold:
 * the relay still gets each committed row with the row's own occurred_at, and an insert that fails fails the
 * transaction — nothing of it written, nothing handed to the relay.
 */
describe('EventPublisher on a pipelining connection', () => {
  let dataSource: DataSource;
  let publisher: EventPublisher;
  let delivered: CommittedEvent[][];

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: await workerDatabase(process.env),
      // the orders schema's outbox, as the superuser: the tables of the migrated template, no service role needed
      extra: { max: 2, Client: PreparingClient, options: '-c search_path=orders' },
    });
    await dataSource.initialize();
    publisher = new EventPublisher(dataSource);
    publisher.deliverCommitted((events) => delivered.push(events));
  });

  beforeEach(() => {
    delivered = [];
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  const prepared = (id = randomUUID()) => ({
    id,
    name: EventName.OrderCancelled,
    data: { orderId: randomUUID(), reason: 'buyer' },
    correlationId: null,
    causationId: null,
    traceParent: null,
  });

  it('hands the committed rows to the relay with the occurred_at PostgreSQL gave them', async () => {
    const events = [prepared(), prepared()];
    await withTransaction(dataSource, (manager) => publisher.publishPrepared(manager, events));
    expect(delivered).toHaveLength(1);
    expect(delivered[0].map((event) => event.id)).toEqual(events.map((event) => event.id));
    const rows = await dataSource.query<{ id: string; occurred_at: Date }[]>(
      'SELECT id, occurred_at FROM outbox WHERE id = ANY($1::uuid[])',
      [events.map((event) => event.id)],
    );
    expect(rows).toHaveLength(2);
    expect(delivered[0].map((event) => event.occurredAt.toISOString())).toEqual(
      events.map(() => new Date(rows[0].occurred_at).toISOString()),
    );
  });

  it('fails the transaction when the outbox insert fails: nothing written, nothing relayed', async () => {
    const taken = prepared();
    await withTransaction(dataSource, (manager) => publisher.publishPrepared(manager, [taken]));
    delivered = [];
    const marker = randomUUID();
    const failing = withTransaction(dataSource, async (manager) => {
      await publisher.publishPrepared(manager, [prepared(marker)]);
      // the same id again: the outbox's primary key refuses it — on the server, after publish has returned (it did not
      // wait for the answer), so the transaction's COMMIT is what fails
      await expect(publisher.publishPrepared(manager, [prepared(taken.id)])).resolves.toBeUndefined();
    });
    await expect(failing).rejects.toMatchObject({ driverError: { code: '23505' } });
    expect(await dataSource.query('SELECT id FROM outbox WHERE id = $1', [marker])).toEqual([]);
    expect(delivered).toEqual([]);
  });

  it('serves a burst of forty publishing transactions on a pool of two: each row written once, relayed once', async () => {
    const batches = Array.from({ length: 40 }, () => [prepared(), prepared()]);
    await Promise.all(
      batches.map((events) => withTransaction(dataSource, (manager) => publisher.publishPrepared(manager, events))),
    );
    const ids = batches.flat().map((event) => event.id);
    const rows = await dataSource.query<{ id: string; occurred_at: Date }[]>(
      'SELECT id, occurred_at FROM outbox WHERE id = ANY($1::uuid[])',
      [ids],
    );
    expect(rows).toHaveLength(80);
    // one delivery per transaction, each with its own rows and their occurred_at
    expect(delivered).toHaveLength(40);
    const occurredAt = new Map(rows.map((row) => [row.id, new Date(row.occurred_at).toISOString()]));
    const relayed = delivered.flat();
    expect(relayed.map((event) => event.id).sort()).toEqual([...ids].sort());
    for (const event of relayed) {
      expect(event.occurredAt.toISOString()).toBe(occurredAt.get(event.id));
    }
  });
});
