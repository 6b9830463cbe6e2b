package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

/**
 * Spring Data's pages over orders spread across shards: the page's rows come from {@code ORDER BY ... LIMIT
 * offset, size} on every shard merged by the proxy, the page count from {@code COUNT} on every shard summed by
 * it. The expected pages are computed here from the orders placed, in the same order (newest first, id to
 * break ties).
 */
class PaginationTests extends ShardgateTest {

    private static final int USERS = 5;
    private static final int ORDERS_PER_USER = 5;

    @Autowired
    OrderService service;

    @Autowired
    AccountRepository accounts;

    private final List<ShopOrder> placed = new ArrayList<>();

    @BeforeEach
    void placeOrders() {
        deleteAllOrdersAndAccounts();
        for (long user = 1; user <= USERS; user++) {
            accounts.save(new Account(user, "user " + user, 1_000_000));
        }
        // interleaved, so that consecutive orders in time belong to different users and shards
        for (int round = 0; round < ORDERS_PER_USER; round++) {
            for (long user = 1; user <= USERS; user++) {
                placed.add(service.placeOrder(user, round % 2 == 0 ? "TEA-GREEN" : "MUG", round + 1));
            }
        }
    }

    @Test
    void everyonesOrdersPageThroughEveryShardNewestFirst() throws SQLException {
        for (int node = 0; node < Nodes.NODES; node++) {
            long onNode = 0;
            for (var table : Nodes.allPhysical("orders")) {
                if (table.getKey() == node) {
                    onNode += Nodes.count(node, "SELECT COUNT(*) FROM " + table.getValue());
                }
            }
            assertThat(onNode).as("orders on ds%d", node).isPositive();
        }
        List<Long> expected = newestFirst(placed);

        Page<ShopOrder> first = service.newestOrders(OrderStatus.PLACED, 0, 10);
        Page<ShopOrder> second = service.newestOrders(OrderStatus.PLACED, 1, 10);
        Page<ShopOrder> last = service.newestOrders(OrderStatus.PLACED, 2, 10);

        assertThat(ids(first)).containsExactlyElementsOf(expected.subList(0, 10));
        assertThat(ids(second)).containsExactlyElementsOf(expected.subList(10, 20));
        assertThat(ids(last)).containsExactlyElementsOf(expected.subList(20, 25));
        assertThat(first.getTotalElements()).isEqualTo(25);
        assertThat(first.getTotalPages()).isEqualTo(3);
        assertThat(last.isLast()).isTrue();
    }

    @Test
    void aPageAfterTheLastIsEmptyAndStillCounted() {
        Page<ShopOrder> beyond = service.newestOrders(OrderStatus.PLACED, 5, 10);

        assertThat(beyond.getContent()).isEmpty();
        assertThat(beyond.getTotalElements()).isEqualTo(25);
    }

    @Test
    void theFilterAppliesOnEveryShardBeforeTheMerge() {
        List<ShopOrder> toShip = List.of(placed.get(0), placed.get(6), placed.get(12), placed.get(18), placed.get(24));
        toShip.forEach(order -> service.ship(order.getUserId(), order.getId()));

        Page<ShopOrder> shipped = service.newestOrders(OrderStatus.SHIPPED, 0, 3);
        Page<ShopOrder> stillPlaced = service.newestOrders(OrderStatus.PLACED, 0, 100);

        assertThat(ids(shipped)).containsExactlyElementsOf(newestFirst(toShip).subList(0, 3));
        assertThat(shipped.getTotalElements()).isEqualTo(5);
        assertThat(stillPlaced.getTotalElements()).isEqualTo(20);
        assertThat(ids(stillPlaced)).doesNotContainAnyElementsOf(ids(shipped));
    }

    @Test
    void keysetWindowsScrollThroughEveryOrderOnce() {
        List<Long> seen = new ArrayList<>();
        int windows = 0;
        ScrollPosition position = ScrollPosition.keyset();
        Window<ShopOrder> window;
        do {
            window = service.scrollNewestOrders(OrderStatus.PLACED, position);
            window.forEach(order -> seen.add(order.getId()));
            windows++;
            if (!window.isEmpty()) {
                position = window.positionAt(window.size() - 1);
            }
        } while (window.hasNext() && windows < 10);

        assertThat(windows).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(newestFirst(placed));
    }

    @Test
    void oneUsersOrdersArePagedOnTheirShard() {
        List<ShopOrder> ofUser3 = placed.stream().filter(order -> order.getUserId() == 3).toList();

        Page<ShopOrder> page = service.ordersOf(3, 1, 2);

        assertThat(ids(page)).containsExactlyElementsOf(newestFirst(ofUser3).subList(2, 4));
        assertThat(page.getTotalElements()).isEqualTo(ORDERS_PER_USER);
        assertThat(page.getTotalPages()).isEqualTo(3);
    }

    private static List<Long> newestFirst(List<ShopOrder> orders) {
        return orders.stream()
                .sorted(Comparator.comparing(ShopOrder::getCreatedAt).thenComparing(ShopOrder::getId).reversed())
                .map(ShopOrder::getId)
                .toList();
    }

    private static List<Long> ids(Page<ShopOrder> page) {
        return page.getContent().stream().map(ShopOrder::getId).toList();
    }
}
