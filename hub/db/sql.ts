// The hub's one door to its database: a small asynchronous SQL layer with two engines behind it, SQLite (a
// single-machine install, `npm start`) and PostgreSQL (production, several hub instances sharing one database).
// Storages write plain SQL with `?` placeholders in the subset both engines understand; what differs (types in
// migrations, the schema version's home, locking) stays in this folder.
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { HubErrorCode } from '../../core/protocol/errors.ts';

export type SqlDialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | boolean | null | Buffer;

/** What a storage may do with the database, inside a transaction or not. */
export interface SqlExecutor {
  readonly dialect: SqlDialect;
  /** Every row; integers (count(*) included) come back as numbers on both engines. */
  query<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export type SqlTransaction = SqlExecutor;

export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `work` in one transaction: all of it or nothing. On PostgreSQL it is SERIALIZABLE and run again from
   * the start when the database reports a conflict with another transaction, so `work` must only touch the
   * database (no files, no outside effects) and return what it decided.
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /**
   * A write that a power cut may lose but never leaves half-done, for what the next request replaces anyway
   * (heartbeats, replay nonces): every signed kiosk request writes one, and an fsync each (3 ms on a plain disk)
   * capped the hub at a few hundred kiosk requests a second. SQLite commits it without waiting for the disk
   * (synchronous=NORMAL; WAL keeps it atomic); PostgreSQL runs it plainly, its group commit sharing the flushes.
   */
  runRelaxed(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** runRelaxed for a statement that answers a row (… RETURNING): one round trip instead of a write and a read. */
  getRelaxed<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  close(): Promise<void>;
}

export type HubDbErrorCode = Extract<HubErrorCode, 'HUB_DB_TOO_NEW' | 'HUB_DB_UNREACHABLE' | 'HUB_DB_URL'>;

/** The database cannot be used: the hub does not start, and says why. */
export class HubDatabaseError extends Error {
  constructor(
    readonly code: HubDbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HubDatabaseError';
  }
}

/** Rewrites `?` placeholders to PostgreSQL's $1, $2 … (question marks inside quoted text stay). */
export function numberPlaceholders(sql: string): string {
  return preparedStatement(sql).text;
}

interface PreparedStatement {
  /** Never reused for other text: a connection that prepared "s7" keeps it for its life. */
  name: string;
  text: string;
}

/** The storages' SQL is a fixed set of strings: each is rewritten and named once. */
const STATEMENTS = new Map<string, PreparedStatement>();
let statementsNamed = 0;

/**
 * A named statement is parsed and planned once per connection, after which a query sends only its values: less
 * work on both sides than sending the text every time (the fleet bench's hub spent a quarter of its time in the
 * socket writes of its queries).
 */
function preparedStatement(sql: string): PreparedStatement {
  let statement = STATEMENTS.get(sql);
  if (!statement) {
    // Statements built at run time (filter combinations) could grow the map without end; names keep counting.
    if (STATEMENTS.size >= 2_000) STATEMENTS.clear();
    statement = { name: `hub_${++statementsNamed}`, text: rewritePlaceholders(sql) };
    STATEMENTS.set(sql, statement);
  }
  return statement;
}

function rewritePlaceholders(sql: string): string {
  let out = '';
  let index = 0;
  let quote: string | null = null;
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = null;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === '?') {
      out += `$${++index}`;
    } else {
      out += char;
    }
  }
  return out;
}

// ---- SQLite -------------------------------------------------------------------------------------------------

/** Statements prepared once per connection: the storages' SQL is a fixed set of strings. */
const PREPARED = new WeakMap<Database.Database, Map<string, Database.Statement>>();

class SqliteExecutor implements SqlExecutor {
  readonly dialect = 'sqlite' as const;

  constructor(protected readonly db: Database.Database) {}

  private statement(sql: string): Database.Statement {
    let prepared = PREPARED.get(this.db);
    if (!prepared) PREPARED.set(this.db, (prepared = new Map()));
    let statement = prepared.get(sql);
    if (!statement) prepared.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  async query<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.statement(sql).all(...params.map(toSqlite)) as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    const statement = this.statement(sql);
    // A statement that returns rows (… RETURNING) is read with get(); others with run().
    if (!statement.reader) {
      statement.run(...params.map(toSqlite));
      return undefined;
    }
    return statement.get(...params.map(toSqlite)) as T | undefined;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.statement(sql).run(...params.map(toSqlite)).changes;
  }
}

/** better-sqlite3 binds no booleans. */
const toSqlite = (value: SqlValue): string | number | null | Buffer =>
  typeof value === 'boolean' ? (value ? 1 : 0) : value;

/**
 * better-sqlite3 is synchronous but this API is not: a transaction's `work` may await between its statements,
 * and on one connection anything run meanwhile would land inside that transaction. So transactions take turns
 * in a queue, and plain statements wait for the running transaction to end.
 */
export class SqliteDatabase extends SqliteExecutor implements SqlDatabase {
  private tail: Promise<unknown> = Promise.resolve();
  private inTransaction = false;

  constructor(db: Database.Database) {
    super(db);
  }

  private async whenFree(): Promise<void> {
    while (this.inTransaction) await this.tail.catch(() => undefined);
  }

  override async query<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    await this.whenFree();
    return super.query<T>(sql, params);
  }

  override async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    await this.whenFree();
    return super.get<T>(sql, params);
  }

  override async run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    await this.whenFree();
    return super.run(sql, params);
  }

  async runRelaxed(sql: string, params?: readonly SqlValue[]): Promise<number> {
    await this.whenFree();
    return this.relaxed(() => super.run(sql, params));
  }

  async getRelaxed<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    await this.whenFree();
    return this.relaxed(() => super.get<T>(sql, params));
  }

  /** `statement` must run synchronously (the executor's methods do), so nothing else commits while relaxed. */
  private relaxed<T>(statement: () => T): T {
    this.db.pragma('synchronous = NORMAL');
    try {
      return statement();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const turn = this.tail
      .catch(() => undefined)
      .then(async () => {
        this.inTransaction = true;
        // IMMEDIATE: take the write lock at the start, so another process's writer makes us wait (busy_timeout)
        // instead of failing half-way.
        this.db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(new SqliteExecutor(this.db));
          this.db.exec('COMMIT');
          return result;
        } catch (error) {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
          throw error;
        } finally {
          this.inTransaction = false;
        }
      });
    this.tail = turn;
    return turn;
  }

  async close(): Promise<void> {
    await this.tail.catch(() => undefined);
    if (this.db.open) this.db.close();
  }
}

// ---- PostgreSQL ---------------------------------------------------------------------------------------------

const INT8_OID = 20;
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';
const MAX_ATTEMPTS = 20;
/** bigint (count(*), identity columns, sizes) as a number: the hub's counts and sizes stay far below 2^53. */
export function pgTypes(types: typeof pg.types): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID && format !== 'binary'
        ? (text: string) => Number(text)
        : types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
  };
}

class PostgresExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;

  constructor(protected readonly client: pg.Pool | pg.PoolClient) {}

  async query<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const result = await this.client.query({ ...preparedStatement(sql), values: params as SqlValue[] });
    return result.rows as T[];
  }

  async get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.query<T>(sql, params))[0];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const result = await this.client.query({ ...preparedStatement(sql), values: params as SqlValue[] });
    return result.rowCount ?? 0;
  }
}

const isRetryable = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED;
};

export class PostgresDatabase extends PostgresExecutor implements SqlDatabase {
  constructor(private readonly pool: pg.Pool) {
    super(pool);
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        const result = await work(new PostgresExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
        // Another transaction won the race: a short random pause, then the whole work again on fresh data.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      } finally {
        client.release();
      }
    }
  }

  runRelaxed(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.run(sql, params);
  }

  getRelaxed<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.get<T>(sql, params);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
