// The SQL layer's placeholder rewriting for PostgreSQL: `?` outside quotes becomes $1, $2 …
import { describe, expect, it } from 'vitest';
import { numberPlaceholders } from '../../hub/db/sql.ts';

describe('numberPlaceholders', () => {
  it('numbers each ? in order', () => {
    expect(numberPlaceholders('SELECT a FROM t WHERE b = ? AND c > ? LIMIT ?')).toBe(
      'SELECT a FROM t WHERE b = $1 AND c > $2 LIMIT $3',
    );
  });

  it('leaves question marks inside quoted text and identifiers alone', () => {
    expect(numberPlaceholders(`SELECT '?', "who?" FROM t WHERE x = ? AND y = 'a''?b' AND z = ?`)).toBe(
      `SELECT '?', "who?" FROM t WHERE x = $1 AND y = 'a''?b' AND z = $2`,
    );
  });

  it('changes nothing without placeholders', () => {
    expect(numberPlaceholders(`INSERT INTO t VALUES ('{}', '[]')`)).toBe(`INSERT INTO t VALUES ('{}', '[]')`);
  });
});
