import { PREPARED_STATEMENTS_PER_CONNECTION, PreparingClient, statementName } from '@countyflow/persistence';
import { workerDatabase } from '@countyflow/testing';
import { Client, Pool } from 'pg';

/*
 * The services' pools make their connections with PreparingClient (libs/persistence, docs/performance.md "Prepared
 * statements"): on real PostgreSQL, what each connection prepares, what it leaves alone, and what happens when a
 * migration changes a prepared statement's result under it.
 */
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
});
