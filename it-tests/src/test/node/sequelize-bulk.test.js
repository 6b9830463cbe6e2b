'use strict';
// Sequelize's bulkCreate() computes each row's id as insertId + i. With 64-bit snowflake ids (> 2^53) that
// loop never ends; with the js-safe layout the ids are exact JavaScript numbers and consecutive within one
// INSERT. NodeClientsIT checks the returned ids against the rows on the backends.
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { Sequelize, DataTypes } = require('sequelize');
const { proxy, report } = require('./env');

const sequelize = new Sequelize(proxy.database, proxy.user, proxy.password, {
  host: proxy.host, port: proxy.port, dialect: 'mysql', logging: false,
});

const Event = sequelize.define('Event', {
  id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
  user_id: { type: DataTypes.BIGINT, allowNull: false },
  label: { type: DataTypes.STRING(32), allowNull: false },
}, { tableName: 'js_events', timestamps: false });

after(async () => sequelize.close());

for (const size of [1, 50, 128]) {
  test(`bulkCreate() of ${size} rows returns their exact ids`, { timeout: 60_000 }, async () => {
    const rows = [];
    for (let i = 0; i < size; i++) {
      rows.push({ user_id: 1 + (i % 7), label: `bulk-${size}-${i}` });
    }
    const created = await Event.bulkCreate(rows);
    assert.equal(created.length, size);
    for (let i = 0; i < size; i++) {
      const id = created[i].id;
      assert.equal(typeof id, 'number');
      assert.ok(Number.isSafeInteger(id), `id ${id} is not a safe integer`);
      if (i > 0) {
        assert.equal(id, created[i - 1].id + 1, 'one INSERT gets consecutive ids');
      }
      report('js_events', rows[i].label, String(id));
    }
  });
}

test('create() reads back a js-safe id as an exact number', async () => {
  const event = await Event.create({ user_id: 3, label: 'single' });
  assert.ok(Number.isSafeInteger(event.id));
  report('js_events', 'single', String(event.id));
  const found = await Event.findByPk(event.id);
  assert.equal(found.label, 'single');
});
