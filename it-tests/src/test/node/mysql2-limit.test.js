'use strict';
// mysql2's execute() binds JavaScript numbers as DOUBLE and strings as VAR_STRING; LIMIT ? / OFFSET ? must
// take both, on one shard and across shards, and refuse what is no row count with MySQL's 1210.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const mysql = require('mysql2/promise');
const { proxy } = require('./env');

let c;
before(async () => {
  c = await mysql.createConnection({ ...proxy, supportBigNumbers: true, bigNumberStrings: true });
  // 12 rows, 3 per user 1..4: users 1..4 sit on four different shards (hash-mod over 4 tables)
  for (let user = 1; user <= 4; user++) {
    for (let n = 1; n <= 3; n++) {
      await c.query('INSERT INTO pages (user_id, n) VALUES (?, ?)', [user, user * 10 + n]);
    }
  }
});
after(async () => c && c.end());

test('one shard: LIMIT ? bound as DOUBLE and as string', async () => {
  const [a] = await c.execute('SELECT n FROM pages WHERE user_id = ? ORDER BY n LIMIT ?', [2, 2]);
  assert.deepEqual(a.map((r) => r.n), [21, 22]);
  const [b] = await c.execute('SELECT n FROM pages WHERE user_id = ? ORDER BY n LIMIT ? OFFSET ?', [2, '2', '1']);
  assert.deepEqual(b.map((r) => r.n), [22, 23]);
  const [d] = await c.execute('SELECT n FROM pages WHERE user_id = ? ORDER BY n LIMIT ?, ?', [3, 1, 5]);
  assert.deepEqual(d.map((r) => r.n), [32, 33]);
});

test('across shards: LIMIT ? OFFSET ? bound as DOUBLE and as string', async () => {
  const [a] = await c.execute('SELECT n FROM pages ORDER BY n LIMIT ? OFFSET ?', [3, 2]);
  assert.deepEqual(a.map((r) => r.n), [13, 21, 22]);
  const [b] = await c.execute('SELECT n FROM pages ORDER BY n LIMIT ?, ?', ['4', '2']);
  assert.deepEqual(b.map((r) => r.n), [22, 23]);
  const [d] = await c.execute('SELECT n FROM pages WHERE user_id IN (?, ?) ORDER BY n DESC LIMIT ?', [1, 4, 4]);
  assert.deepEqual(d.map((r) => r.n), [43, 42, 41, 13]);
});

for (const bad of [2.5, -1, 'abc']) {
  for (const [where, sql, params] of [
    ['one shard', 'SELECT n FROM pages WHERE user_id = ? ORDER BY n LIMIT ?', [2, bad]],
    ['across shards', 'SELECT n FROM pages ORDER BY n LIMIT ?', [bad]],
    ['across shards, OFFSET', 'SELECT n FROM pages ORDER BY n LIMIT 2 OFFSET ?', [bad]],
  ]) {
    test(`${where}: LIMIT ${JSON.stringify(bad)} is refused with 1210`, async () => {
      await assert.rejects(c.execute(sql, params), (e) => {
        assert.equal(e.errno, 1210, e.message);
        assert.equal(e.sqlState, 'HY000');
        assert.match(e.message, /^Incorrect arguments to mysqld_stmt_execute: LIMIT and OFFSET take a non-negative integer, got /);
        assert.doesNotMatch(e.message, /java|Exception|io\.shardgate/);
        return true;
      });
      // the connection stays usable
      const [[row]] = await c.execute('SELECT COUNT(*) AS n FROM pages WHERE user_id = ?', [1]);
      assert.equal(Number(row.n), 3);
    });
  }
}
