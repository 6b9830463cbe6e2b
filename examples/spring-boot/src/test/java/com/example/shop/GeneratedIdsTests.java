package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;

/**
 * Order ids come from the proxy's snowflake generator. Hibernate inserts without an id and reads the generated
 * one back through {@code getGeneratedKeys()}, which Connector/J answers from the last-insert-id of the proxy's
 * OK packet; SQL written by hand can ask {@code LAST_INSERT_ID()}.
 */
class GeneratedIdsTests extends ShardgateTest {

    @Autowired
    OrderService service;

    @Autowired
    AccountRepository accounts;

    @Autowired
    OrderRepository orders;

    @BeforeEach
    void empty() {
        deleteAllOrdersAndAccounts();
    }

    @Test
    void theEntityHoldsTheIdTheRowWasStoredWith() throws SQLException {
        accounts.save(new Account(7, "Ann", 10_000));
        ShopOrder order = service.placeOrder(7, "TEA-GREEN", 3);

        assertThat(order.getId()).isNotNull().isPositive();
        List<Map<String, Object>> stored = Nodes.rows(Nodes.nodeOf(7),
                "SELECT id, user_id, total_cents FROM " + Nodes.physical("orders", 7));
        assertThat(stored).singleElement().satisfies(row -> {
            assertThat(((Number) row.get("id")).longValue()).isEqualTo(order.getId());
            assertThat(((Number) row.get("user_id")).longValue()).isEqualTo(7);
            assertThat(((Number) row.get("total_cents")).longValue()).isEqualTo(3 * 650);
        });
        assertThat(orders.findByUserIdAndId(7, order.getId())).get()
                .extracting(ShopOrder::getSku).isEqualTo("TEA-GREEN");
    }

    @Test
    void idsAreUniqueAcrossShardsWithoutAnyAutoIncrement() throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (long user = 1; user <= 8; user++) {
            accounts.save(new Account(user, "user " + user, 10_000));
            ids.add(service.placeOrder(user, "MUG", 1).getId());
        }

        assertThat(ids).doesNotHaveDuplicates().isSorted();
        for (long user = 1; user <= 8; user++) {
            assertThat(Nodes.count(Nodes.nodeOf(user), "SELECT COUNT(*) FROM " + Nodes.physical("orders", user)
                    + " WHERE id = ? AND user_id = ?", ids.get((int) user - 1), user)).isEqualTo(1);
        }
        for (int node = 0; node < Nodes.NODES; node++) {
            assertThat(Nodes.column(node, "SELECT extra FROM information_schema.columns WHERE table_schema = 'shop'"
                    + " AND table_name LIKE 'orders\\_%' AND column_name = 'id'")).hasSize(2).containsOnly("");
        }
        // the ids alone name no shard: every shard is asked, and each answers for its own
        assertThat(orders.findAllById(ids)).extracting(ShopOrder::getId).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void handWrittenSqlReadsTheIdThroughGetGeneratedKeysOrLastInsertId() throws SQLException {
        accounts.save(new Account(42, "Bo", 10_000));
        long[] ids = jdbc.execute((ConnectionCallback<long[]>) connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders"
                    + " (user_id, sku, quantity, total_cents, status, created_at, version)"
                    + " VALUES (?, 'MUG', 1, 1200, 'PLACED', NOW(6), 0)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setLong(1, 42);
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys();
                     Statement query = connection.createStatement();
                     ResultSet last = query.executeQuery("SELECT LAST_INSERT_ID()")) {
                    keys.next();
                    last.next();
                    return new long[] {keys.getLong(1), last.getLong(1)};
                }
            }
        });

        assertThat(ids[0]).isPositive().isEqualTo(ids[1]);
        assertThat(Nodes.column(Nodes.nodeOf(42), "SELECT id FROM " + Nodes.physical("orders", 42)))
                .containsExactly(Long.toString(ids[0]));
    }
}
