import {
  PREPARED_STATEMENTS_PER_CONNECTION,
  PreparingClient,
  readTogether,
  sendAhead,
  statementName,
  withTransaction,
} from '@countyflow/persistence';
import { waitFor, workerDatabase } from '@countyflow/testing';
import { Client, Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/*
 * The services' pools make their connections with PreparingClient (libs/persistence, docs/performance.md "Prepared
 * statements" and "A transaction's start travels with its first statement"): on real PostgreSQL, what each
 * connection prepares, what it leaves alone, what happens when a migration changes a prepared statement's result
 * under it, and how a transaction's start goes on the wire.
 */
/**
 * What a connection writes from now until the first byte of an answer arrives, by message type: `Q` a simple query
 * (BEGIN, COMMIT), `P`/`B`/`D`/`E`/`S` the parse, bind, describe, execute and sync of a statement with parameters.
 * The list fills as the connection writes.
 */
function recordWritesUntilAnswer(connection: Client): string[] {
  const { stream } = (
    connection as unknown as {
      connection: {
        stream: {
          write: (chunk: Buffer, ...rest: unknown[]) => boolean;
          prependListener: (event: 'data', listener: () => void) => void;
        };
      };
    }
  ).connection;
  const written: string[] = [];
  let answered = false;
  const write = stream.write.bind(stream);
  stream.write = (chunk: Buffer, ...rest: unknown[]) => {
    if (!answered) written.push(String.fromCharCode(chunk[0]));
    return write(chunk, ...rest);
  };
  // before pg's own reader, which may write the next statement while it handles the answer
  stream.prependListener('data', () => (answered = true));
  return written;
}

describe('PreparingClient', () => {
  let url: string;
  let client: Client;

  const preparedNames = async (): Promise<string[]> => {
    const { rows } = await client.query<{ name: string }>(
      'SELECT name FROM pg_prepared_statements WHERE name LIKE $$cf\\_%$$ ORDER BY name',
    );
    return rows.map((row) => row.name);
  };

  beforeAll(async () => {
    url = await workerDatabase(process.env);
  });

  beforeEach(async () => {
    client = new PreparingClient({ connectionString: url });
    await client.connect();
  });

  afterEach(async () => {
    await client.end();
  });

  /** `work` on a TypeORM data source of PreparingClients (a pool of `max`) with the scratch table `ddl` makes, dropped after. */
  const onScratchTable = async (
    max: number,
    table: string,
    ddl: string,
    work: (dataSource: DataSource) => Promise<void>,
  ): Promise<void> => {
    const dataSource = new DataSource({ type: 'postgres', url, extra: { max, Client: PreparingClient } });
    await dataSource.initialize();
    try {
      await dataSource.query(`CREATE TABLE IF NOT EXISTS ${table} (${ddl})`);
      await dataSource.query(`TRUNCATE ${table}`);
      await work(dataSource);
    } finally {
      await dataSource.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      await dataSource.destroy();
    }
  };

  it('prepares a statement with parameters once per connection, under a name made from its text', async () => {
    const text = 'SELECT $1::int + 1 AS next';
    const answers = [];
    for (const value of [1, 2, 3]) {
      answers.push((await client.query<{ next: number }>(text, [value])).rows[0].next);
    }
    expect(answers).toEqual([2, 3, 4]);
    // one name for the three executions (the listing itself has no parameter, so it is not prepared)
    expect(await preparedNames()).toEqual([statementName(text)]);
    expect(statementName(text)).toBe(statementName(`${text}`));
    expect(statementName(text)).not.toBe(statementName(`${text} `));
  });

  it('leaves a statement without parameters (BEGIN, COMMIT, SAVEPOINT) unprepared', async () => {
    await client.query('BEGIN');
    await client.query('SAVEPOINT inner_step');
    await client.query('SELECT 1');
    await client.query('COMMIT');
    const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_prepared_statements');
    expect(rows[0].n).toBe(0);
  });

  it('keeps a statement prepared inside a transaction that rolls back, and runs it again afterwards', async () => {
    const text = 'SELECT $1::text AS said';
    await client.query('BEGIN');
    expect((await client.query(text, ['inside'])).rows[0].said).toBe('inside');
    await client.query('ROLLBACK');
    expect((await client.query(text, ['after'])).rows[0].said).toBe('after');
    expect(await preparedNames()).toContain(statementName(text));
  });

  it(`prepares at most ${PREPARED_STATEMENTS_PER_CONNECTION} statements on one connection; the rest run unnamed`, async () => {
    for (let index = 0; index < PREPARED_STATEMENTS_PER_CONNECTION + 5; index++) {
      const { rows } = await client.query<{ value: number }>(`SELECT $1::int AS value /* ${index} */`, [index]);
      expect(rows[0].value).toBe(index);
    }
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements');
    expect(rows[0].n).toBe(PREPARED_STATEMENTS_PER_CONNECTION);
  });

  it('stops preparing on a connection whose prepared statement a migration changed, and answers again', async () => {
    await client.query('CREATE TEMP TABLE harvest (id int PRIMARY KEY, crop text)');
    await client.query("INSERT INTO harvest VALUES (1, '脐橙')");
    const text = 'SELECT * FROM harvest WHERE id = $1';
    expect((await client.query(text, [1])).rows).toEqual([{ id: 1, crop: '脐橙' }]);

    await client.query("ALTER TABLE harvest ADD COLUMN grade text NOT NULL DEFAULT '一级'");
    // PostgreSQL refuses the prepared statement whose columns changed: that one execution fails…
    await expect(client.query(text, [1])).rejects.toMatchObject({ code: '0A000' });
    // …and the connection sends it unnamed from then on, with the new column
    expect((await client.query(text, [1])).rows).toEqual([{ id: 1, crop: '脐橙', grade: '一级' }]);
    const other = 'SELECT crop FROM harvest WHERE id = $1';
    expect((await client.query(other, [1])).rows).toEqual([{ crop: '脐橙' }]);
    expect(await preparedNames()).not.toContain(statementName(other));
  });

  it('serves a burst of 200 statements through a pool of five connections, each answer right, the statement prepared once on each connection', async () => {
    const pool = new Pool({ connectionString: url, max: 5, Client: PreparingClient });
    try {
      const text = 'SELECT $1::int * 2 AS doubled';
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          // the pool's own query() is pg's callback form; a checked-out client's is the promise form
          index % 2 === 0
            ? pool.query<{ doubled: number }>(text, [index]).then((result) => result.rows[0].doubled)
            : pool.connect().then(async (pooled) => {
                try {
                  return (await pooled.query<{ doubled: number }>(text, [index])).rows[0].doubled;
                } finally {
                  pooled.release();
                }
              }),
        ),
      );
      expect(answers).toEqual(Array.from({ length: 200 }, (_, index) => index * 2));
      // all five connections took part, and each has the statement prepared under its one name
      expect(pool.totalCount).toBe(5);
      const held = await Promise.all(Array.from({ length: 5 }, () => pool.connect()));
      try {
        for (const pooled of held) {
          const { rows } = await pooled.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1',
            [statementName(text)],
          );
          expect(rows[0].n).toBe(1);
        }
      } finally {
        held.forEach((pooled) => pooled.release());
      }
    } finally {
      await pool.end();
    }
  });

  describe('a transaction’s start', () => {
    /**
     * What a connection writes while `work` runs, before the first byte of an answer ({@link recordWritesUntilAnswer}).
     */
    const writtenBeforeFirstAnswer = async (connection: Client, work: () => Promise<void>): Promise<string[]> => {
      const written = recordWritesUntilAnswer(connection);
      await work();
      return written;
    };
    const transaction = (connection: Client) => async () => {
      await connection.query('START TRANSACTION');
      expect((await connection.query<{ crop: string }>('SELECT $1::text AS crop', ['脐橙'])).rows).toEqual([
        { crop: '脐橙' },
      ]);
      await connection.query('COMMIT');
    };

    it('goes out with the first statement: the statement is written before the start is answered', async () => {
      const written = await writtenBeforeFirstAnswer(client, transaction(client));
      expect(written[0]).toBe('Q');
      expect(written.slice(1)).toContain('P');

      // a plain pg client waits for the start's answer before it writes anything else
      const plain = new Client({ connectionString: url });
      await plain.connect();
      try {
        expect(await writtenBeforeFirstAnswer(plain, transaction(plain))).toEqual(['Q']);
      } finally {
        await plain.end();
      }
    });

    it('fails the statement after it when the start itself failed, and leaves the connection usable', async () => {
      await client.query('BEGIN');
      await expect(client.query('SELECT 1 / $1::int', [0])).rejects.toMatchObject({ code: '22012' });
      // a start inside an aborted transaction fails on the server; it answers at once, so the failure is not yet known…
      await expect(client.query('BEGIN')).resolves.toMatchObject({ command: 'BEGIN' });
      // …and the next statement (a ROLLBACK, which itself succeeds) reports it
      await expect(client.query('ROLLBACK')).rejects.toMatchObject({ code: '25P02' });
      expect((await client.query<{ one: number }>('SELECT $1::int AS one', [1])).rows).toEqual([{ one: 1 }]);
    });

    it('commits and rolls back TypeORM transactions as before, through a burst on a pool of five', async () => {
      await onScratchTable(5, 'stall', 'id int PRIMARY KEY, sold int NOT NULL', async (dataSource) => {
        await dataSource.query('INSERT INTO stall VALUES (1, 0)');
        // 120 transactions at once, each reads the row under a lock and writes it back one higher; every fifth fails
        // after its write and must leave nothing behind
        const outcomes = await Promise.allSettled(
          Array.from({ length: 120 }, (_, index) =>
            withTransaction(dataSource, async (manager) => {
              const [{ sold }] = await manager.query<{ sold: number }[]>(
                'SELECT sold FROM stall WHERE id = $1 FOR UPDATE',
                [1],
              );
              await manager.query('UPDATE stall SET sold = $2 WHERE id = $1', [1, sold + 1]);
              if (index % 5 === 4) throw new Error('the buyer walked away');
            }),
          ),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(24);
        const [{ sold }] = await dataSource.query<{ sold: number }[]>('SELECT sold FROM stall WHERE id = $1', [1]);
        expect(sold).toBe(96);
      });
    });
  });

  describe('a COMMIT of a transaction in which a statement failed', () => {
    it('fails instead of answering as if the transaction had committed, and the connection goes on', async () => {
      await client.query('CREATE TEMP TABLE sale (id int PRIMARY KEY)');
      await client.query('BEGIN');
      await client.query('INSERT INTO sale VALUES ($1)', [1]);
      await expect(client.query('INSERT INTO sale VALUES ($1)', [1])).rejects.toMatchObject({ code: '23505' });
      // PostgreSQL itself answers this COMMIT with ROLLBACK and no error
      await expect(client.query('COMMIT')).rejects.toMatchObject({ code: '25P02' });
      expect((await client.query<{ n: number }>('SELECT count(*)::int AS n FROM sale')).rows).toEqual([{ n: 0 }]);

      // a transaction without a failure commits as before
      await client.query('BEGIN');
      await client.query('INSERT INTO sale VALUES ($1)', [2]);
      await expect(client.query('COMMIT')).resolves.toMatchObject({ command: 'COMMIT' });
      expect((await client.query<{ id: number }>('SELECT id FROM sale')).rows).toEqual([{ id: 2 }]);
    });

    it('fails the TypeORM transaction whose work swallowed a statement’s error, so nothing is taken for written', async () => {
      await onScratchTable(2, 'parcel_note', 'id int PRIMARY KEY, note text NOT NULL', async (dataSource) => {
        const swallowing = withTransaction(dataSource, async (manager) => {
          await manager.query('INSERT INTO parcel_note VALUES ($1, $2)', [1, '已到村']);
          // a mistake this guards against: a failed statement's error caught and the work carried on
          await manager.query('INSERT INTO parcel_note VALUES ($1, $2)', [2, null]).catch(() => undefined);
          return 'written';
        });
        await expect(swallowing).rejects.toMatchObject({ driverError: { code: '25P02' } });
        expect(await dataSource.query('SELECT id FROM parcel_note')).toEqual([]);
      });
    });
  });

  describe('a statement sent ahead', () => {
    let dataSource: DataSource;

    beforeAll(async () => {
      dataSource = new DataSource({ type: 'postgres', url, extra: { max: 2, Client: PreparingClient } });
      await dataSource.initialize();
      await dataSource.query('CREATE TABLE IF NOT EXISTS handover (id int PRIMARY KEY, code text NOT NULL)');
    });

    beforeEach(async () => {
      await dataSource.query('TRUNCATE handover');
    });

    afterAll(async () => {
      await dataSource.query('DROP TABLE IF EXISTS handover').catch(() => undefined);
      await dataSource.destroy();
    });

    const insert = 'INSERT INTO handover (id, code) VALUES ($1, $2) RETURNING id';

    it('leaves with the COMMIT, before its own answer is read, and answers its rows', async () => {
      let written: string[] = [];
      let rows: Promise<{ id: number }[]> | undefined;
      await withTransaction(dataSource, async (manager) => {
        await manager.query('SELECT 1');
        written = recordWritesUntilAnswer(
          (manager.queryRunner as unknown as { databaseConnection: Client }).databaseConnection,
        );
        rows = sendAhead<{ id: number }>(manager, insert, [1, '4821']);
      });
      // the insert (parse or bind … sync) and then the COMMIT's simple query, all before a byte of an answer
      expect(written).toContain('B');
      expect(written[written.length - 1]).toBe('Q');
      await expect(rows).resolves.toEqual([{ id: 1 }]);
      expect(await dataSource.query('SELECT id, code FROM handover')).toEqual([{ id: 1, code: '4821' }]);
    });

    it('fails the transaction when it fails, with its own error, and nothing is written', async () => {
      const failing = withTransaction(dataSource, async (manager) => {
        await manager.query('INSERT INTO handover (id, code) VALUES ($1, $2)', [1, '0001']);
        void sendAhead(manager, insert, [1, '0002'])?.catch(() => undefined);
      });
      await expect(failing).rejects.toMatchObject({ driverError: { code: '23505' } });
      expect(await dataSource.query('SELECT id FROM handover')).toEqual([]);
    });

    it('is not sent ahead outside a transaction, nor by a plain pg connection', async () => {
      expect(sendAhead(dataSource.manager, insert, [1, '0001'])).toBeUndefined();
      const plain = new DataSource({ type: 'postgres', url, extra: { max: 1 } });
      await plain.initialize();
      try {
        await withTransaction(plain, (manager) => {
          expect(sendAhead(manager, insert, [2, '0002'])).toBeUndefined();
          return Promise.resolve();
        });
      } finally {
        await plain.destroy();
      }
    });
  });
  describe('reads together', () => {
    /** A data source of `Client` connections (PreparingClient, or plain pg's) with a locked row and a log to read. */
    const withTables = async (client: typeof Client, work: (dataSource: DataSource) => Promise<void>) => {
      const dataSource = new DataSource({ type: 'postgres', url, extra: { max: 2, Client: client } });
      await dataSource.initialize();
      try {
        await dataSource.query('CREATE TABLE IF NOT EXISTS shelf (id int PRIMARY KEY, code text)');
        await dataSource.query('CREATE TABLE IF NOT EXISTS shelf_log (shelf int NOT NULL, note text NOT NULL)');
        await dataSource.query('TRUNCATE shelf, shelf_log');
        await dataSource.query(`INSERT INTO shelf VALUES (1, 'A-01')`);
        await work(dataSource);
      } finally {
        await dataSource.query('DROP TABLE IF EXISTS shelf, shelf_log').catch(() => undefined);
        await dataSource.destroy();
      }
    };
    const lockShelf = (manager: EntityManager) =>
      manager.query<{ code: string }[]>('SELECT code FROM shelf WHERE id = $1 FOR UPDATE', [1]);
    const notes = (manager: EntityManager) =>
      manager.query<{ note: string }[]>('SELECT note FROM shelf_log WHERE shelf = $1 ORDER BY note', [1]);

    for (const [driver, client] of [
      ['sent ahead by a PreparingClient', PreparingClient],
      ['one after another on a plain pg connection', Client],
    ] as const) {
      it(`runs in the order given, each after the one before had its lock (${driver})`, async () => {
        await withTables(client, async (dataSource) => {
          // another transaction holds the row and writes the log; it commits while the reads wait for the row
          const holder = new Client({ connectionString: url });
          await holder.connect();
          try {
            await holder.query('BEGIN');
            await holder.query(`UPDATE shelf SET code = 'B-02' WHERE id = 1`);
            await holder.query(`INSERT INTO shelf_log VALUES (1, 'moved to B-02')`);
            const reading = withTransaction(dataSource, (manager) =>
              readTogether(manager, [lockShelf, notes, (m) => m.query<{ n: number }[]>('SELECT $1::int AS n', [3])]),
            );
            await waitFor(
              async () =>
                (
                  await dataSource.query<unknown[]>(
                    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
                  )
                ).length > 0,
              { what: 'the reads to wait for the row' },
            );
            await holder.query('COMMIT');

            const sut = await reading;

            // the log read began once the lock was held, after the holder's commit: it sees the holder's note
            expect(sut).toEqual([[{ code: 'B-02' }], [{ note: 'moved to B-02' }], [{ n: 3 }]]);
          } finally {
            await holder.end();
          }
        });
      });

      it(`fails with the first read's error, leaves nothing unhandled, and the connection goes on (${driver})`, async () => {
        await withTables(client, async (dataSource) => {
          const unhandled: unknown[] = [];
          const listener = (reason: unknown) => unhandled.push(reason);
          process.on('unhandledRejection', listener);
          try {
            const failing = withTransaction(dataSource, (manager) =>
              readTogether(manager, [(m) => m.query('SELECT 1 / ($1::int - 1) AS boom', [1]), lockShelf]),
            );
            await expect(failing).rejects.toMatchObject({ driverError: { code: '22012' } });
            await new Promise((resolve) => setImmediate(resolve));
            expect(unhandled).toEqual([]);
            // both connections of the pool answer as before
            expect(
              await Promise.all([1, 2].map(() => withTransaction(dataSource, (manager) => lockShelf(manager)))),
            ).toEqual([[{ code: 'A-01' }], [{ code: 'A-01' }]]);
          } finally {
            process.off('unhandledRejection', listener);
          }
        });
      });
    }

    it('leaves in one write with a PreparingClient: every read is written before the first answer comes', async () => {
      await withTables(PreparingClient, async (dataSource) => {
        let written: string[] = [];
        await withTransaction(dataSource, async (manager) => {
          await manager.query('SELECT 1');
          written = recordWritesUntilAnswer(
            (manager.queryRunner as unknown as { databaseConnection: Client }).databaseConnection,
          );
          await readTogether(manager, [lockShelf, notes]);
        });
        // two statements with parameters (bind … sync each) before a byte of an answer
        expect(written.filter((type) => type === 'S')).toHaveLength(2);
      });
    });
  });
});
