package io.shardgate.router.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.router.sql.Normalizer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each kind of statement needs, read from the same shapes the planner sees. */
class AccessClassifierTest {

    private final AccessClassifier classifier = new AccessClassifier();

    private StatementAccess of(String sql) {
        return classifier.classify(Normalizer.normalize(sql).shape());
    }

    /** "kind verb targets | reads" with tables as schema.name or name, for compact expectations. */
    private String summary(String sql) {
        StatementAccess a = of(sql);
        return (a.kind() + (a.verb() == null ? "" : " " + a.verb()) + " " + names(a.targets())).strip() + " | "
                + names(a.reads());
    }

    private static String names(List<TableRef> refs) {
        return String.join(",", refs.stream().map(r -> r.isDatabase() ? "db:" + r.schema()
                : (r.schema() == null ? "" : r.schema() + ".") + r.name()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            SELECT * FROM t WHERE id = 1                                   | READ  | t
            SELECT a.x FROM shop.t a JOIN other.u b ON a.id = b.id         | READ  | shop.t,other.u
            SELECT (SELECT MAX(id) FROM s.x) FROM t                       | READ  | s.x,t
            (SELECT * FROM a) UNION (SELECT * FROM b.c)                    | READ  | a,b.c
            WITH c AS (SELECT * FROM s.t) SELECT * FROM c                  | READ  | s.t,c
            SELECT 1                                                       | READ  | ""
            """)
    void readsNameEveryTable(String sql, String kind, String reads) {
        assertThat(summary(sql)).isEqualTo(kind + " | " + reads);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            INSERT INTO t VALUES (1)                                       | WRITE INSERT t | ""
            insert low_priority ignore into s.t (a) values (?)             | WRITE INSERT s.t | ""
            INSERT INTO t SELECT * FROM other.u                            | WRITE INSERT t | other.u
            REPLACE INTO s.t VALUES (1)                                    | WRITE INSERT s.t | ""
            INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 2         | WRITE INSERT t | ""
            UPDATE t SET a = 1 WHERE id = 2                                | WRITE UPDATE t | ""
            UPDATE s.t SET a = (SELECT MAX(b) FROM r.u)                    | WRITE UPDATE s.t | r.u
            UPDATE a JOIN s.b ON a.id = b.id SET a.x = b.y                 | WRITE UPDATE a,s.b | ""
            DELETE FROM s.t WHERE id IN (SELECT id FROM r.u)               | WRITE DELETE s.t | r.u
            DELETE o FROM s.orders o JOIN r.items i ON o.id = i.oid        | WRITE DELETE s.orders | r.items
            "/*+ shardgate node=ds1 */ DELETE FROM t"                      | WRITE DELETE t | ""
            /*!40101 INSERT INTO s.t VALUES (1) */                         | WRITE INSERT s.t | ""
            "WITH c AS (SELECT 1 AS id) UPDATE t JOIN c ON t.id = c.id SET t.a = 1" | WRITE UPDATE t,c | ""
            SELECT * FROM t WHERE id = 1 FOR UPDATE                        | WRITE SELECT with locking clause t | ""
            SELECT * FROM s.t FOR SHARE                                    | WRITE SELECT with locking clause s.t | ""
            SELECT * FROM t LOCK IN SHARE MODE                             | WRITE SELECT with locking clause t | ""
            LOAD DATA LOCAL INFILE '/tmp/f' INTO TABLE s.t                 | WRITE INSERT s.t | ""
            LOAD DATA LOW_PRIORITY LOCAL INFILE 'f' REPLACE INTO TABLE t   | WRITE INSERT t | ""
            LOCK TABLES t READ, s.u AS x WRITE                             | WRITE LOCK TABLES t,s.u | ""
            LOCK TABLE t WRITE                                             | WRITE LOCK TABLES t | ""
            ANALYZE TABLE t, s.u                                           | WRITE INSERT t,s.u | ""
            OPTIMIZE NO_WRITE_TO_BINLOG TABLE t                            | WRITE INSERT t | ""
            "SET STATEMENT max_statement_time = 1 FOR DELETE FROM s.t"     | WRITE DELETE s.t | ""
            ANALYZE FORMAT=JSON DELETE FROM t                              | WRITE DELETE t | ""
            EXPLAIN ANALYZE UPDATE t SET a = 1                             | WRITE UPDATE t | ""
            """)
    void writesNameWhatTheyChange(String sql, String expected, String reads) {
        assertThat(summary(sql)).isEqualTo(expected + " | " + reads);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            CREATE TABLE s.t (id INT PRIMARY KEY)                          | WRITE CREATE s.t | ""
            CREATE TEMPORARY TABLE IF NOT EXISTS t (id INT)                | WRITE CREATE t | ""
            CREATE TABLE t AS SELECT * FROM secret.x                       | WRITE CREATE t | secret.x
            CREATE TABLE t LIKE r.u                                        | WRITE CREATE t | r.u
            "CREATE OR REPLACE DEFINER = `u`@`%` SQL SECURITY INVOKER VIEW v AS SELECT o.id FROM s.orders o" | WRITE CREATE VIEW v | s.orders
            "CREATE ALGORITHM = MERGE VIEW s.v AS SELECT 1"                | WRITE CREATE VIEW s.v | ""
            ALTER TABLE s.t ADD COLUMN c INT                               | WRITE ALTER s.t | ""
            ALTER ONLINE IGNORE TABLE t ADD INDEX (a)                      | WRITE ALTER t | ""
            DROP TABLE IF EXISTS a, s.b                                    | WRITE DROP a,s.b | ""
            DROP TEMPORARY TABLE t                                         | WRITE DROP t | ""
            DROP VIEW v                                                    | WRITE DROP VIEW v | ""
            TRUNCATE TABLE s.t                                             | WRITE DROP s.t | ""
            TRUNCATE t                                                     | WRITE DROP t | ""
            RENAME TABLE a TO s.b, c TO d                                  | WRITE ALTER a,s.b,c,d | ""
            CREATE UNIQUE INDEX i ON s.t (a)                               | WRITE INDEX s.t | ""
            DROP INDEX i ON t                                              | WRITE INDEX t | ""
            CREATE TRIGGER tr BEFORE INSERT ON s.t FOR EACH ROW SET NEW.a = 1 | WRITE TRIGGER s.t | ""
            CREATE DATABASE IF NOT EXISTS other                            | DATABASE db:other | ""
            DROP SCHEMA other                                              | DATABASE db:other | ""
            ALTER DATABASE CHARACTER SET utf8mb4                           | DATABASE db:null | ""
            CREATE EVENT s.e ON SCHEDULE EVERY 1 DAY DO DELETE FROM t      | DATABASE EVENT db:s | ""
            CALL s.p(1, 2)                                                 | ROUTINE execute s.p | ""
            CALL p                                                         | ROUTINE execute p | ""
            CREATE PROCEDURE s.p() BEGIN DELETE FROM t; END                | ROUTINE create routine s.p | ""
            DROP FUNCTION IF EXISTS f                                      | ROUTINE alter routine f | ""
            """)
    void ddlNamesItsObject(String sql, String expected, String reads) {
        assertThat(summary(sql)).isEqualTo(expected + " | " + reads);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            SHOW TABLES FROM secret                                        | READ  | db:secret
            SHOW FULL TABLES IN s LIKE 'x%'                                | READ  | db:s
            SHOW TABLE STATUS FROM s                                       | READ  | db:s
            SHOW COLUMNS FROM t FROM s                                     | READ  | s.t
            SHOW INDEX FROM s.t                                            | READ  | s.t
            SHOW CREATE TABLE s.t                                          | READ  | s.t
            SHOW CREATE DATABASE s                                         | READ  | db:s
            SHOW VARIABLES LIKE 'x'                                        | READ  | ""
            SHOW WARNINGS                                                  | READ  | ""
            DESC s.t                                                       | READ  | s.t
            DESCRIBE t a                                                   | READ  | t
            EXPLAIN SELECT * FROM s.t                                      | READ  | s.t
            EXPLAIN FORMAT=JSON DELETE FROM s.t WHERE a IN (SELECT b FROM r.u) | READ | r.u,s.t
            CHECK TABLE s.t                                                | READ  | s.t
            HANDLER s.t OPEN                                               | READ  | s.t
            "SET @x = (SELECT MAX(a) FROM s.t)"                            | READ  | s.t
            """)
    void metadataAndOtherReads(String sql, String kind, String reads) {
        assertThat(summary(sql)).isEqualTo(kind + " | " + reads);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            BEGIN                                      | SESSION
            START TRANSACTION READ WRITE               | SESSION
            COMMIT                                     | SESSION
            ROLLBACK TO SAVEPOINT a                    | SESSION
            USE shop                                   | SESSION
            SET autocommit = 0                         | SESSION
            "SET NAMES utf8mb4, sql_mode = 'ANSI'"     | SESSION
            UNLOCK TABLES                              | SESSION
            KILL QUERY 5                               | SESSION
            SET GLOBAL read_only = 0                   | SERVER SUPER
            SET @@global.max_connections = 1           | SERVER SUPER
            SET PASSWORD = 'x'                         | SERVER CREATE USER
            GRANT ALL ON *.* TO x                      | SERVER GRANT OPTION
            CREATE USER x IDENTIFIED BY 'y'            | SERVER CREATE USER
            DROP ROLE r                                | SERVER CREATE USER
            FLUSH PRIVILEGES                           | SERVER RELOAD
            SELECT * FROM t INTO OUTFILE '/tmp/x'      | SERVER FILE
            LOAD DATA INFILE '/etc/passwd' INTO TABLE t | SERVER FILE
            START SLAVE                                | SERVER SUPER
            INSTALL PLUGIN p SONAME 'p.so'             | SERVER SUPER
            CREATE FUNCTION f RETURNS STRING SONAME 'f.so' | SERVER INSERT
            BEGIN NOT ATOMIC DELETE FROM t; END        | UNCHECKABLE BEGIN NOT ATOMIC
            FROBNICATE t                               | UNCHECKABLE FROBNICATE
            """)
    void sessionServerAndUncheckable(String sql, String expected) {
        StatementAccess a = of(sql);
        assertThat(a.kind() + (a.verb() == null ? "" : " " + a.verb())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            UPDATE s.t SET a = 1 WHERE x.y = 2 LIMIT 1 ROWS EXAMINED 5           | WRITE UPDATE s.t | s.t,x.y
            DELETE FROM s.t WHERE a = x.y FOR PORTION OF p FROM 1 TO 2           | WRITE DELETE s.t | s.t,x.y
            DELETE HISTORY FROM s.t BEFORE SYSTEM_TIME '2020-01-01'              | WRITE DELETE s.t | s.t
            SELECT x.a FROM t WHERE a = 1 ROWS EXAMINED 5                        | READ  | x.a
            SELECT * FROM s.t WHERE a = 1 ROWS EXAMINED 5 FOR UPDATE             | WRITE SELECT with locking clause s.t | ""
            """)
    void unparsableStatementsAreReadByTheirWordsAndEveryQualifiedName(String sql, String expected, String reads) {
        // MariaDB syntax the parser does not know: the words still say what is written, every a.b counts as a table
        assertThat(summary(sql)).isEqualTo(expected + " | " + reads);
    }
}
