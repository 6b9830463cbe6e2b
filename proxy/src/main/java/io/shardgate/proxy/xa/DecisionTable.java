package io.shardgate.proxy.xa;

/**
 * Where the commit decisions of two-phase commits live: {@code shardgate.xa_decisions} on every node's primary,
 * created by the proxy when missing. A transaction's decision is a row INSERTed inside the transaction of one
 * participant (the first node it used), which commits in one phase once every other branch is prepared, as Vitess's
 * metadata manager does. So the decision is durable exactly when that commit is (no extra fsync, no log of the
 * proxy's own), and any proxy that finds a prepared branch can read it.
 *
 * <p>Recovery settles an undecided branch by INSERTing an {@code abort} row for its transaction first: the primary
 * key makes that INSERT wait for, and then lose to, a commit decision still in flight, and makes a late commit
 * decision fail. A branch is rolled back only when the abort row went in.
 */
public final class DecisionTable {

    public static final String DATABASE = "shardgate";
    public static final String TABLE = DATABASE + ".xa_decisions";

    private DecisionTable() {
    }

    /** The statements that create the table, one at a time (no multi-statements on backend connections). */
    public static String[] create() {
        return new String[] {
            "CREATE DATABASE IF NOT EXISTS " + DATABASE,
            "CREATE TABLE IF NOT EXISTS " + TABLE + " (transaction_id VARCHAR(64) CHARACTER SET ascii NOT NULL"
                    + " PRIMARY KEY, outcome ENUM('commit','abort') NOT NULL,"
                    + " decided_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), KEY (decided_at))"
                    + " ENGINE=InnoDB COMMENT='commit decisions of shardgate two-phase commits'"
        };
    }

    /** Inside the deciding participant's transaction, before its COMMIT. */
    public static String commit(String transaction) {
        return "INSERT INTO " + TABLE + " (transaction_id, outcome) VALUES ('" + checked(transaction) + "','commit')";
    }

    /** Recovery's fence against a late commit decision; autocommit. */
    public static String abort(String transaction) {
        return "INSERT INTO " + TABLE + " (transaction_id, outcome) VALUES ('" + checked(transaction) + "','abort')";
    }

    public static String outcome(String transaction) {
        return "SELECT outcome FROM " + TABLE + " WHERE transaction_id = '" + checked(transaction) + "'";
    }

    /** Decision rows older than {@code seconds}; pruned only when no branch of theirs is still prepared. */
    public static String older(long seconds) {
        return "SELECT transaction_id FROM " + TABLE + " WHERE decided_at < NOW(3) - INTERVAL " + seconds + " SECOND";
    }

    public static String delete(String transaction) {
        return "DELETE FROM " + TABLE + " WHERE transaction_id = '" + checked(transaction) + "'";
    }

    /** Transaction ids are the proxy's own base-36 text; anything else never reaches SQL. */
    private static String checked(String transaction) {
        for (int i = 0; i < transaction.length(); i++) {
            char c = transaction.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '.')) {
                throw new IllegalArgumentException("not a shardgate transaction id: " + transaction);
            }
        }
        return transaction;
    }
}
