import { preparedStatementsSetting, preparesStatements, statementName } from './prepared-statements';

describe(preparesStatements.name, () => {
  const direct = 'postgres://postgres@127.0.0.1:5432/countyflow';
  const pooler = 'postgres://postgres@127.0.0.1:6432/countyflow';

  it('prepares by default when the pool talks to PostgreSQL itself', () => {
    expect(preparesStatements({ databaseUrl: direct })).toBe(true);
    expect(preparesStatements({ databaseUrl: direct, databaseDirectUrl: direct })).toBe(true);
  });

  it('does not by default behind a pooler (DATABASE_DIRECT_URL set apart)', () => {
    expect(preparesStatements({ databaseUrl: pooler, databaseDirectUrl: direct })).toBe(false);
  });

  it('follows an explicit on or off either way', () => {
    expect(
      preparesStatements({ databaseUrl: pooler, databaseDirectUrl: direct, databasePreparedStatements: 'on' }),
    ).toBe(true);
    expect(preparesStatements({ databaseUrl: direct, databasePreparedStatements: 'off' })).toBe(false);
  });
});

describe(statementName.name, () => {
  it('names a text the same way every time, and another text otherwise, within PostgreSQL’s 63 bytes', () => {
    const text = 'SELECT id FROM sku WHERE id = $1';
    expect(statementName(text)).toBe(statementName(text.slice(0)));
    expect(statementName(text)).not.toBe(statementName(`${text} FOR UPDATE`));
    expect(statementName(text)).toMatch(/^cf_[0-9a-f]{24}$/);
  });
});

describe(preparedStatementsSetting.name, () => {
  it('reads auto when unset or empty, takes on and off, and refuses anything else', () => {
    expect(preparedStatementsSetting(undefined)).toBe('auto');
    expect(preparedStatementsSetting('')).toBe('auto');
    expect(preparedStatementsSetting('off')).toBe('off');
    expect(preparedStatementsSetting('on')).toBe('on');
    expect(() => preparedStatementsSetting('yes')).toThrow('DATABASE_PREPARED_STATEMENTS must be auto, on or off');
  });
});
