package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The settings often recommended for Connector/J behind HikariCP, server-side prepared statements with a
 * statement cache: Hibernate's statements then go through the binary protocol (COM_STMT_PREPARE / EXECUTE), the
 * generated id comes back in the EXECUTE's OK packet, and {@code LIMIT ?} is a bound parameter.
 */
@SpringBootTest
class ServerPreparedStatementsTests {

    @DynamicPropertySource
    static void shardgate(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> LocalShardgate.get().jdbcUrl() + "?useServerPrepStmts=true&cachePrepStmts=true");
    }

    @Autowired
    OrderService service;

    @Autowired
    AccountRepository accounts;

    @Autowired
    JdbcTemplate jdbc;

    private final List<ShopOrder> placed = new ArrayList<>();

    @BeforeEach
    void placeOrders() {
        jdbc.update("DELETE FROM orders");
        jdbc.update("DELETE FROM accounts");
        for (long user = 1; user <= 3; user++) {
            accounts.save(new Account(user, "user " + user, 100_000));
        }
        for (int round = 0; round < 2; round++) {
            for (long user = 1; user <= 3; user++) {
                placed.add(service.placeOrder(user, "TEA-BLACK", 1));
            }
        }
    }

    @Test
    void generatedIdsComeBackFromPreparedInserts() throws SQLException {
        for (ShopOrder order : placed) {
            long user = order.getUserId();
            assertThat(Nodes.count(Nodes.nodeOf(user), "SELECT COUNT(*) FROM " + Nodes.physical("orders", user)
                    + " WHERE id = ?", order.getId())).isEqualTo(1);
        }
        assertThat(placed).extracting(ShopOrder::getId).doesNotHaveDuplicates();
    }

    @Test
    void pagesAndWindowsWithBoundLimits() {
        List<Long> expected = placed.stream()
                .sorted(Comparator.comparing(ShopOrder::getCreatedAt).thenComparing(ShopOrder::getId).reversed())
                .map(ShopOrder::getId)
                .toList();

        Page<ShopOrder> second = service.newestOrders(OrderStatus.PLACED, 1, 4);
        Window<ShopOrder> first = service.scrollNewestOrders(OrderStatus.PLACED, ScrollPosition.keyset());

        assertThat(second.getContent()).extracting(ShopOrder::getId).containsExactlyElementsOf(expected.subList(4, 6));
        assertThat(second.getTotalElements()).isEqualTo(6);
        assertThat(first.getContent()).extracting(ShopOrder::getId).containsExactlyElementsOf(expected);
        assertThat(first.hasNext()).isFalse();
    }
}
