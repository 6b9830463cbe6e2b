package io.shardgate.router.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardgate.config.SchemaGrant;
import io.shardgate.config.Secret;
import io.shardgate.config.UserConfig;
import io.shardgate.router.plan.Reject;
import io.shardgate.router.sql.Normalizer;
import io.shardgate.router.sql.SqlMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grants against statements, and the exact refusals: codes, SQLSTATEs and MySQL's wording. */
class AccessCheckTest {

    private final AccessCheck check = new AccessCheck();

    private static UserConfig user(boolean readOnly, SchemaGrant... grants) {
        return new UserConfig("u", new Secret("pw"), List.of(grants), readOnly, UserConfig.NO_LIMIT, false);
    }

    private final UserConfig readOnly = user(true);
    /** shop read-write, reports read-only, nothing else. */
    private final UserConfig scoped = user(false, new SchemaGrant("shop", false), new SchemaGrant("reports", true));
    private final UserConfig free = user(false);

    private Reject run(UserConfig user, String sql, String schema) {
        return check.check(Normalizer.normalize(sql).shape(), user, "10.1.2.3", schema);
    }

    private String denial(UserConfig user, String sql, String schema) {
        Reject r = run(user, sql, schema);
        return r == null ? "allowed" : r.code() + " " + r.sqlState() + " " + r.message();
    }

    @Test
    void aReadOnlyUserReadsButWritesNothing() {
        assertThat(run(readOnly, "SELECT * FROM t", "shop")).isNull();
        assertThat(run(readOnly, "SELECT * FROM other.t JOIN shop.u", "shop")).isNull();
        assertThat(denial(readOnly, "INSERT INTO t VALUES (1)", "shop"))
                .isEqualTo("1142 42000 INSERT command denied to user 'u'@'10.1.2.3' for table 't'");
        assertThat(denial(readOnly, "update orders set a = 1", "shop"))
                .isEqualTo("1142 42000 UPDATE command denied to user 'u'@'10.1.2.3' for table 'orders'");
        assertThat(denial(readOnly, "DELETE FROM t", null))
                .as("no schema selected: still a write").startsWith("1142 42000 DELETE command denied");
        assertThat(denial(readOnly, "SELECT * FROM t FOR UPDATE", "shop"))
                .isEqualTo("1142 42000 SELECT with locking clause command denied to user 'u'@'10.1.2.3' for table 't'");
        assertThat(denial(readOnly, "LOCK TABLES t READ", "shop")).startsWith("1142 42000 LOCK TABLES command denied");
        assertThat(denial(readOnly, "TRUNCATE t", "shop")).startsWith("1142 42000 DROP command denied");
        assertThat(denial(readOnly, "CREATE TABLE x (a INT)", "shop")).startsWith("1142 42000 CREATE command denied");
        assertThat(denial(readOnly, "LOAD DATA LOCAL INFILE 'f' INTO TABLE t", "shop"))
                .startsWith("1142 42000 INSERT command denied");
        assertThat(denial(readOnly, "CALL p()", "shop"))
                .isEqualTo("1370 42000 execute command denied to user 'u'@'10.1.2.3' for routine 'shop.p'");
        assertThat(denial(readOnly, "DROP DATABASE shop", "shop"))
                .isEqualTo("1044 42000 Access denied for user 'u'@'10.1.2.3' to database 'shop'");
        assertThat(denial(readOnly, "SET GLOBAL read_only = 0", "shop"))
                .isEqualTo("1227 42000 Access denied; you need (at least one of) the SUPER privilege(s) for this operation");
        assertThat(denial(readOnly, "BEGIN NOT ATOMIC DELETE FROM t; END", "shop")).startsWith("1227 42000 ");
        assertThat(run(readOnly, "BEGIN", "shop")).isNull();
        assertThat(run(readOnly, "SET autocommit = 0", "shop")).isNull();
        assertThat(run(readOnly, "EXPLAIN DELETE FROM t", "shop")).as("explained, not run").isNull();
    }

    @Test
    void aSchemaListBoundsReadsAndWrites() {
        assertThat(run(scoped, "INSERT INTO t VALUES (1)", "shop")).isNull();
        assertThat(run(scoped, "INSERT INTO shop.t SELECT * FROM reports.r", "reports")).as("reads a read-only schema").isNull();
        assertThat(denial(scoped, "INSERT INTO t VALUES (1)", "reports"))
                .isEqualTo("1142 42000 INSERT command denied to user 'u'@'10.1.2.3' for table 't'");
        assertThat(denial(scoped, "DELETE FROM reports.r", "shop")).startsWith("1142 42000 DELETE command denied");
        assertThat(denial(scoped, "SELECT * FROM secret.s", "shop"))
                .isEqualTo("1142 42000 SELECT command denied to user 'u'@'10.1.2.3' for table 's'");
        assertThat(denial(scoped, "SELECT * FROM mysql.user", "shop")).startsWith("1142 42000 SELECT command denied");
        assertThat(run(scoped, "SELECT * FROM information_schema.tables", "shop")).isNull();
        assertThat(denial(scoped, "SHOW TABLES FROM secret", "shop"))
                .isEqualTo("1044 42000 Access denied for user 'u'@'10.1.2.3' to database 'secret'");
        assertThat(denial(scoped, "CREATE TABLE shop.copy AS SELECT * FROM secret.s", "shop"))
                .startsWith("1142 42000 SELECT command denied").endsWith("for table 's'");
        assertThat(denial(scoped, "CREATE DATABASE other", "shop")).startsWith("1044 42000 ");
        assertThat(run(scoped, "CALL shop.p()", "reports")).isNull();
        assertThat(denial(scoped, "CALL p()", "reports")).startsWith("1370 42000 execute command denied");
        assertThat(denial(scoped, "GRANT ALL ON shop.* TO x", "shop")).startsWith("1227 42000 ");
    }

    @Test
    void ansiQuotedNamesAreNamesNotStrings() {
        // under ANSI_QUOTES the normalizer writes "secret"."s" as backticked identifiers in the shape
        String shape = Normalizer.normalize("SELECT * FROM \"secret\".\"s\"", SqlMode.of("ANSI_QUOTES")).shape();
        Reject r = check.check(shape, scoped, "10.1.2.3", "shop");
        assertThat(r).isNotNull();
        assertThat(r.message()).isEqualTo("SELECT command denied to user 'u'@'10.1.2.3' for table 's'");
        String write = Normalizer.normalize("DELETE FROM \"reports\".\"r\"", SqlMode.of("ANSI")).shape();
        assertThat(check.check(write, scoped, "10.1.2.3", "shop").code()).isEqualTo(1142);
    }

    @Test
    void anUnrestrictedUserIsNeverChecked() {
        assertThat(run(free, "SET GLOBAL read_only = 0", "shop")).isNull();
        assertThat(run(free, "DROP DATABASE anything", "shop")).isNull();
        assertThat(run(free, "FROBNICATE", "shop")).isNull();
    }

    @Test
    void classificationsAreCachedPerShape() {
        StatementAccess first = check.access(Normalizer.normalize("DELETE FROM t WHERE id = 1").shape());
        StatementAccess second = check.access(Normalizer.normalize("DELETE FROM t WHERE id = 2").shape());
        assertThat(second).isSameAs(first);
    }
}
