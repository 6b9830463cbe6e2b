"""PyMySQL (Debian's python3-pymysql) driving a small workload through shardgate.

Run by PyMySQLClientIT, which passes the proxy's address in SHARDGATE_* variables and checks every row on the
backends afterwards. PyMySQL binds parameters on the client side (%s placeholders escaped into the text), so the
proxy sees plain COM_QUERY text that looks prepared: quotes, backslashes and non-ASCII text must survive routing.
Each line of RESULTS_FILE is "kind<TAB>label<TAB>value" for the Java side.
"""
import os
import sys
import unittest

import pymysql


def required(name):
    value = os.environ.get(name)
    if not value:
        raise SystemExit(f"{name} is not set: run this through PyMySQLClientIT (mvn -Dtest=PyMySQLClientIT)")
    return value


def connect(**options):
    return pymysql.connect(host="127.0.0.1", port=int(required("SHARDGATE_PORT")), user=required("SHARDGATE_USER"),
                           password=required("SHARDGATE_PASSWORD"), database=required("SHARDGATE_DATABASE"),
                           charset="utf8mb4", **options)


def report(kind, label, value):
    with open(required("RESULTS_FILE"), "a", encoding="utf-8") as out:
        out.write(f"{kind}\t{label}\t{value}\n")


class Workload(unittest.TestCase):

    def test_1_insert_with_default_key_gets_generated_ids(self):
        with connect(autocommit=True) as c, c.cursor() as cur:
            for user in range(1, 7):
                cur.execute("INSERT INTO orders (order_id, user_id, note) VALUES (DEFAULT, %s, %s)",
                            (user, f"single-{user}"))
                self.assertGreater(cur.lastrowid, 1 << 40, "a snowflake id, not a backend's AUTO_INCREMENT")
                report("id", f"single-{user}", cur.lastrowid)
            # executemany of an INSERT becomes one multi-row INSERT: ids are one consecutive block
            rows = [(user, f"many-{user}") for user in range(7, 11)]
            cur.executemany("INSERT INTO orders (user_id, note) VALUES (%s, %s)", rows)
            self.assertEqual(cur.rowcount, 4)
            report("first", "many", cur.lastrowid)

    def test_2_text_survives_client_side_escaping(self):
        note = "it's a \\ back'slash, ünïcode ✓"
        with connect(autocommit=True) as c, c.cursor() as cur:
            cur.execute("INSERT INTO orders (user_id, note) VALUES (%s, %s)", (11, note))
            cur.execute("SELECT note FROM orders WHERE user_id = %s AND note = %s", (11, note))
            self.assertEqual(cur.fetchall(), ((note,),))

    def test_3_transaction_rolled_back_then_committed(self):
        with connect(autocommit=False) as c:
            with c.cursor() as cur:
                c.begin()
                cur.execute("INSERT INTO orders (user_id, note) VALUES (%s, %s)", (12, "rolled-back"))
                cur.execute("UPDATE orders SET note = %s WHERE user_id = %s AND note = %s", ("still-rolled-back", 12,
                                                                                           "rolled-back"))
                self.assertEqual(cur.rowcount, 1)
                c.rollback()
                c.begin()
                cur.execute("INSERT INTO orders (user_id, note) VALUES (%s, %s)", (12, "committed"))
                cur.execute("SELECT COUNT(*) FROM orders WHERE user_id = %s", (12,))
                self.assertEqual(cur.fetchone(), (1,), "the transaction sees its own row")
                c.commit()

    def test_4_cross_shard_read_with_bound_values(self):
        with connect(autocommit=True) as c, c.cursor(pymysql.cursors.DictCursor) as cur:
            cur.execute("SELECT user_id, note FROM orders WHERE user_id IN %s ORDER BY user_id LIMIT %s",
                        ((1, 2, 3, 4, 7), 4))
            self.assertEqual([r["user_id"] for r in cur.fetchall()], [1, 2, 3, 4])
            cur.execute("SELECT COUNT(*) AS n FROM orders")
            report("count", "orders", cur.fetchone()["n"])


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
