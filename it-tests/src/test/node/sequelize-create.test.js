'use strict';
// Sequelize's create() sends INSERT ... VALUES (DEFAULT, ?, ...) for the autoIncrement key: the proxy's key
// generator must fill it (the backends' AUTO_INCREMENT would give the same id on every shard). The rows are
// checked on the backends by NodeClientsIT.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { Sequelize, DataTypes } = require('sequelize');
const mysql = require('mysql2/promise');
const { proxy, report } = require('./env');

const sequelize = new Sequelize(proxy.database, proxy.user, proxy.password, {
  host: proxy.host, port: proxy.port, dialect: 'mysql', logging: false,
  dialectOptions: { supportBigNumbers: true, bigNumberStrings: true },
});

// 64-bit snowflake ids: exact only as strings in JavaScript (bigNumberStrings)
const Order = sequelize.define('Order', {
  order_id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
  user_id: { type: DataTypes.BIGINT, allowNull: false },
  note: { type: DataTypes.STRING(32), allowNull: false },
}, { tableName: 'orders', timestamps: false });

// the generated id is the shard key itself
const Ticket = sequelize.define('Ticket', {
  id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
  title: { type: DataTypes.STRING(32), allowNull: false },
}, { tableName: 'tickets', timestamps: false });

after(async () => sequelize.close());

test('create() with DEFAULT for the generated key, shard key given', async () => {
  for (let user = 1; user <= 8; user++) {
    const order = await Order.create({ user_id: user, note: `create-${user}` });
    assert.match(String(order.order_id), /^[1-9][0-9]{15,19}$/, 'a snowflake id, not a small AUTO_INCREMENT');
    report('orders', `create-${user}`, String(order.order_id));
  }
});

test('create() with DEFAULT for a generated shard key', async () => {
  for (let i = 1; i <= 6; i++) {
    const ticket = await Ticket.create({ title: `ticket-${i}` });
    assert.match(String(ticket.id), /^[1-9][0-9]{15,19}$/);
    report('tickets', `ticket-${i}`, String(ticket.id));
  }
});

test('mysql2 text and prepared INSERTs with DEFAULT and DEFAULT(col), one and several rows', async () => {
  const c = await mysql.createConnection({ ...proxy, supportBigNumbers: true, bigNumberStrings: true });
  try {
    await c.query("INSERT INTO orders (order_id, user_id, note) VALUES (DEFAULT, 9, 'text-9'), "
      + "(DEFAULT(order_id), 10, 'text-10'), (default, 11, 'text-11')");
    await c.execute('INSERT INTO orders (order_id, user_id, note) VALUES (DEFAULT, ?, ?), (DEFAULT(order_id), ?, ?)',
      [12, 'prepared-12', 13, 'prepared-13']);
    await c.execute('INSERT INTO tickets (id, title) VALUES (DEFAULT, ?), (DEFAULT, ?)', ['ticket-7', 'ticket-8']);
  } finally {
    await c.end();
  }
});
