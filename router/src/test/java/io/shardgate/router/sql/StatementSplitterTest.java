package io.shardgate.router.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    @Test
    void splitsOnTopLevelSemicolons() {
        assertThat(StatementSplitter.split("SELECT 1; SELECT 2;SELECT 3"))
                .containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
    }

    @Test
    void ignoresSemicolonsInQuotesIdentifiersAndComments() {
        assertThat(StatementSplitter.split(
                "INSERT INTO t VALUES ('a;b', \"c;d\", 'e\\';f'); SELECT `x;y` FROM t /* ; */ -- ;\n; # ;\nSELECT 2"))
                .containsExactly("INSERT INTO t VALUES ('a;b', \"c;d\", 'e\\';f')", "SELECT `x;y` FROM t /* ; */ -- ;",
                        "# ;\nSELECT 2");
    }

    @Test
    void dropsEmptyAndCommentOnlyPieces() {
        assertThat(StatementSplitter.split(";; SELECT 1 ;  ; -- done")).containsExactly("SELECT 1");
        assertThat(StatementSplitter.split("")).isEmpty();
    }

    @Test
    void executableCommentContentIsCode() {
        assertThat(StatementSplitter.split("/*!40101 SET a=1*/; SELECT 1"))
                .containsExactly("/*!40101 SET a=1*/", "SELECT 1");
    }

    // ---------------------------------------------------------------- compound bodies stay whole

    @Test
    void aProcedureBodyIsOneStatement() {
        String create = "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END";
        assertThat(StatementSplitter.split(create)).containsExactly(create);
        assertThat(StatementSplitter.split(create + ";\nCALL p(); SELECT 3")).containsExactly(create, "CALL p()", "SELECT 3");
    }

    @Test
    void nestedBlocksAndFlowControl() {
        String create = """
                CREATE DEFINER=`root`@`localhost` PROCEDURE p(IN a INT) COMMENT 'x; y' SQL SECURITY INVOKER
                BEGIN
                  DECLARE i INT DEFAULT 0;
                  lbl: LOOP
                    SET i = i + 1;
                    IF i > a THEN LEAVE lbl;
                    ELSEIF i = 2 THEN SELECT 'two';
                    ELSE SELECT IF(i > 1, 'a', 'b'), REPEAT('-', i);
                    END IF;
                  END LOOP lbl;
                  CASE a WHEN 1 THEN SELECT 1; ELSE BEGIN END; END CASE;
                  WHILE i > 0 DO SET i = i - 1; END WHILE;
                  REPEAT SET i = i + 1; UNTIL i >= 3 END REPEAT;
                  inner_block: BEGIN
                    SELECT CASE WHEN i > 1 THEN 'big' ELSE 'small' END AS size;
                    FOR j IN 1..3 DO SELECT j; END FOR;
                  END inner_block;
                  SELECT start, end FROM ranges;
                END""";
        assertThat(StatementSplitter.split(create + ";\nSELECT 2")).containsExactly(create, "SELECT 2");
    }

    @Test
    void functionsWithAndWithoutABlock() {
        String block = "CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC BEGIN DECLARE r INT; "
                + "SET r = CASE WHEN x > 0 THEN 1 ELSE 0 END; RETURN r; END";
        String single = "CREATE FUNCTION g(x INT) RETURNS VARCHAR(10) CHARACTER SET utf8mb4 RETURN IF(x > 0, 'p', 'n')";
        String labelled = "CREATE OR REPLACE FUNCTION h() RETURNS INT top: BEGIN RETURN 1; END top";
        assertThat(StatementSplitter.split(block + "; " + single + "; " + labelled + "; SELECT f(1)"))
                .containsExactly(block, single, labelled, "SELECT f(1)");
    }

    @Test
    void triggersAndEvents() {
        String trigger = "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN "
                + "IF NEW.a < 0 THEN SET NEW.a = 0; END IF; SET NEW.b = 1; END";
        String follows = "CREATE TRIGGER t2 BEFORE INSERT ON x FOR EACH ROW FOLLOWS `t` BEGIN SET NEW.c = 1; END";
        String bareIf = "CREATE TRIGGER t3 AFTER UPDATE ON x FOR EACH ROW IF NEW.a = 1 THEN DELETE FROM y; "
                + "INSERT INTO y VALUES (1); END IF";
        String oneStatement = "CREATE TRIGGER t4 BEFORE DELETE ON x FOR EACH ROW SET @n = @n + 1";
        String event = "CREATE EVENT e ON SCHEDULE EVERY 1 DAY ON COMPLETION NOT PRESERVE DO BEGIN "
                + "DELETE FROM log; INSERT INTO log VALUES (1); END";
        assertThat(StatementSplitter.split(String.join("; ", trigger, follows, bareIf, oneStatement, event, "SELECT 1")))
                .containsExactly(trigger, follows, bareIf, oneStatement, event, "SELECT 1");
    }

    @Test
    void handlersMayHaveABlock() {
        String create = "CREATE PROCEDURE p() BEGIN DECLARE done INT; "
                + "DECLARE EXIT HANDLER FOR SQLEXCEPTION BEGIN ROLLBACK; RESIGNAL; END; "
                + "DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1; START TRANSACTION; SELECT 1; COMMIT; END";
        assertThat(StatementSplitter.split(create + "; SELECT 2")).containsExactly(create, "SELECT 2");
    }

    @Test
    void mariadbCompoundStatementsOutsidePrograms() {
        String block = "BEGIN NOT ATOMIC DECLARE x INT; SET x = 1; SELECT x; END";
        String ifStatement = "IF (SELECT 1) = 1 THEN SELECT 'a'; ELSE SELECT 'b'; END IF";
        String loop = "lbl: LOOP SELECT 1; LEAVE lbl; END LOOP";
        assertThat(StatementSplitter.split(block + "; " + ifStatement + "; " + loop + "; SELECT 3"))
                .containsExactly(block, ifStatement, loop, "SELECT 3");
    }

    @Test
    void mysqldumpTriggersInExecutableComments() {
        String trigger = "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER t BEFORE INSERT ON x "
                + "FOR EACH ROW BEGIN SET NEW.a = 1; SET NEW.b = 2; END */";
        assertThat(StatementSplitter.split(trigger + ";\nSELECT 1")).containsExactly(trigger, "SELECT 1");
    }

    @Test
    void keywordsOfOrdinaryStatementsOpenNothing() {
        assertThat(StatementSplitter.split("BEGIN; SELECT 1; COMMIT; BEGIN WORK; ROLLBACK"))
                .containsExactly("BEGIN", "SELECT 1", "COMMIT", "BEGIN WORK", "ROLLBACK");
        assertThat(StatementSplitter.split("SELECT IF(a, 1, 2), REPEAT('x', 2), CASE WHEN b THEN 1 END FROM t FOR UPDATE;"
                + " DROP TABLE IF EXISTS t; CREATE TABLE event (id INT); "
                + "CREATE TABLE IF NOT EXISTS procedure_log (`begin` INT, `end` INT); DO SLEEP(0); SELECT 1"))
                .containsExactly("SELECT IF(a, 1, 2), REPEAT('x', 2), CASE WHEN b THEN 1 END FROM t FOR UPDATE",
                        "DROP TABLE IF EXISTS t", "CREATE TABLE event (id INT)",
                        "CREATE TABLE IF NOT EXISTS procedure_log (`begin` INT, `end` INT)", "DO SLEEP(0)", "SELECT 1");
        assertThat(StatementSplitter.split("CREATE FUNCTION udf RETURNS STRING SONAME 'udf.so'; SELECT udf()"))
                .containsExactly("CREATE FUNCTION udf RETURNS STRING SONAME 'udf.so'", "SELECT udf()");
    }

    @Test
    void anUnfinishedBodyGoesWholeToTheServer() {
        String broken = "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2";
        assertThat(StatementSplitter.split(broken)).containsExactly(broken);
    }
}
