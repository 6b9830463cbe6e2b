package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service's {@code @Transactional} methods write an account and its orders on their user's shard. Each test
 * reads the outcome from the servers themselves.
 */
class OrderTransactionTests extends ShardgateTest {

    @Autowired
    OrderService service;

    @Autowired
    AccountRepository accounts;

    @Autowired
    OrderRepository orders;

    @Autowired
    TransactionTemplate transaction;

    @BeforeEach
    void empty() {
        deleteAllOrdersAndAccounts();
    }

    @Test
    void anOrderDebitsItsAccountOnTheUsersShardAndNowhereElse() throws SQLException {
        accounts.save(new Account(7, "Ann", 10_000));
        ShopOrder order = service.placeOrder(7, "TEA-GREEN", 3);

        assertThat(balanceOnShard(7)).isEqualTo(10_000 - 3 * 650);
        assertThat(ordersOnShard(7)).singleElement()
                .satisfies(row -> assertThat(((Number) row.get("id")).longValue()).isEqualTo(order.getId()));
        assertThat(ordersOnEveryTable()).isEqualTo(1);
    }

    /** User 5's shard is on ds0, the default node; user 6's on ds1. */
    @ParameterizedTest(name = "user {0}")
    @ValueSource(longs = {5, 6})
    void aFailureAfterBothWritesRollsBothBack(long user) throws SQLException {
        accounts.save(new Account(user, "Cy", 10_000));
        long[] seenBeforeRollback = new long[1];

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            service.placeOrder(user, "MUG", 2);
            orders.flush();
            seenBeforeRollback[0] = uncommittedOrdersOnShard(user);
            throw new IllegalStateException("payment provider unavailable");
        })).hasMessage("payment provider unavailable");

        assertThat(seenBeforeRollback[0]).as("the INSERT had reached the shard before the rollback").isEqualTo(1);
        assertThat(ordersOnEveryTable()).isZero();
        assertThat(balanceOnShard(user)).isEqualTo(10_000);
    }

    @Test
    void notEnoughMoneyChangesNothing() throws SQLException {
        accounts.save(new Account(3, "Di", 1_000));

        assertThatThrownBy(() -> service.placeOrder(3, "MUG", 1)).isInstanceOf(InsufficientFundsException.class)
                .hasMessage("account 3 has 1000 cents, the order costs 1200");

        assertThat(balanceOnShard(3)).isEqualTo(1_000);
        assertThat(ordersOnEveryTable()).isZero();
    }

    /** {@code SELECT ... FOR UPDATE} through the proxy holds the account's row, so no two orders spend one balance. */
    @Test
    void concurrentOrdersNeverOverdrawAnAccount() throws Exception {
        accounts.save(new Account(11, "Ed", 2 * 1200));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<ShopOrder>> attempts = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                attempts.add(pool.submit(() -> service.placeOrder(11, "MUG", 1)));
            }
            int placed = 0;
            int refused = 0;
            for (Future<ShopOrder> attempt : attempts) {
                try {
                    attempt.get(60, TimeUnit.SECONDS);
                    placed++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(InsufficientFundsException.class);
                    refused++;
                }
            }
            assertThat(placed).isEqualTo(2);
            assertThat(refused).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(balanceOnShard(11)).isZero();
        assertThat(ordersOnShard(11)).hasSize(2);
    }

    @Test
    void cancellingRefundsOnce() throws SQLException {
        accounts.save(new Account(6, "Flo", 10_000));
        ShopOrder order = service.placeOrder(6, "TEA-BLACK", 2);

        assertThat(service.cancel(6, order.getId())).isTrue();
        assertThat(service.cancel(6, order.getId())).isFalse();

        assertThat(balanceOnShard(6)).isEqualTo(10_000);
        assertThat(ordersOnShard(6)).singleElement().satisfies(row -> {
            assertThat(row.get("status")).isEqualTo("CANCELLED");
            assertThat(((Number) row.get("version")).longValue()).isEqualTo(1);
        });
    }

    /** Hibernate's own UPDATE (by id and version, the shard key left out as not updatable) reaches the row. */
    @Test
    void shippingWritesTheChangedEntity() throws SQLException {
        accounts.save(new Account(9, "Gil", 10_000));
        ShopOrder order = service.placeOrder(9, "MUG", 1);

        ShopOrder shipped = service.ship(9, order.getId());

        assertThat(shipped.getVersion()).isEqualTo(1);
        assertThat(ordersOnShard(9)).singleElement().satisfies(row -> {
            assertThat(row.get("status")).isEqualTo("SHIPPED");
            assertThat(((Number) row.get("version")).longValue()).isEqualTo(1);
            assertThat(((Number) row.get("user_id")).longValue()).isEqualTo(9);
        });
        assertThatThrownBy(() -> service.ship(9, order.getId())).isInstanceOf(IllegalStateException.class);
    }

    private static long balanceOnShard(long userId) throws SQLException {
        return Nodes.count(Nodes.nodeOf(userId), "SELECT balance_cents FROM " + Nodes.physical("accounts", userId)
                + " WHERE user_id = ?", userId);
    }

    private static List<Map<String, Object>> ordersOnShard(long userId) throws SQLException {
        return Nodes.rows(Nodes.nodeOf(userId), "SELECT * FROM " + Nodes.physical("orders", userId)
                + " WHERE user_id = ?", userId);
    }

    private static long ordersOnEveryTable() throws SQLException {
        long total = 0;
        for (Map.Entry<Integer, String> table : Nodes.allPhysical("orders")) {
            total += Nodes.count(table.getKey(), "SELECT COUNT(*) FROM " + table.getValue());
        }
        return total;
    }

    /** Reads the shard as a dirty reader would, to see a transaction's writes before it ends. */
    private static long uncommittedOrdersOnShard(long userId) {
        try (Connection connection = LocalShardgate.get().direct(Nodes.nodeOf(userId));
             Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED");
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + Nodes.physical("orders", userId))) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
