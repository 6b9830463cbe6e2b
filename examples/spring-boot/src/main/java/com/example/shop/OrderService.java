package com.example.shop;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.NoSuchElementException;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Orders and the account they are paid from. An account and its orders share the shard of their user
 * ({@code orders} is bound to {@code accounts} in sharding.yaml), so each transaction here writes on one shard,
 * and its writes commit there as on one MySQL server; no commit has to be atomic across servers.
 */
@Service
public class OrderService {

    /** Newest first; the id breaks ties so that no order is skipped or repeated between pages. */
    static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));

    private final AccountRepository accounts;
    private final OrderRepository orders;
    private final ProductRepository products;
    private final Clock clock;

    OrderService(AccountRepository accounts, OrderRepository orders, ProductRepository products, Clock clock) {
        this.accounts = accounts;
        this.orders = orders;
        this.products = products;
        this.clock = clock;
    }

    /**
     * Debits the account and records the order, or neither: a failure (not enough money, an unknown product)
     * rolls both back. The order's id is the one shardgate generated for it.
     */
    @Transactional
    public ShopOrder placeOrder(long userId, String sku, int quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, got " + quantity);
        }
        Account account = accounts.lockByUserId(userId)
                .orElseThrow(() -> new NoSuchElementException("no account " + userId));
        Product product = products.findById(sku)
                .orElseThrow(() -> new NoSuchElementException("no product " + sku));
        long total = Math.multiplyExact(product.getPriceCents(), quantity);
        account.debit(total);
        // DATETIME(6) keeps microseconds: truncate so that the entity holds what the table holds
        return orders.save(new ShopOrder(userId, sku, quantity, total, clock.instant().truncatedTo(ChronoUnit.MICROS)));
    }

    /**
     * Changes a loaded entity and lets Hibernate write it: its UPDATE names the order by id and version only,
     * so it reaches every shard, and matches on one.
     */
    @Transactional
    public ShopOrder ship(long userId, long orderId) {
        ShopOrder order = orders.findByUserIdAndId(userId, orderId)
                .orElseThrow(() -> new NoSuchElementException("no order " + orderId + " of user " + userId));
        order.ship();
        return order;
    }

    /** Cancels a placed order and refunds it, on the user's shard only; false when it was not PLACED. */
    @Transactional
    public boolean cancel(long userId, long orderId) {
        ShopOrder order = orders.findByUserIdAndId(userId, orderId)
                .orElseThrow(() -> new NoSuchElementException("no order " + orderId + " of user " + userId));
        if (orders.cancelPlaced(userId, orderId) == 0) {
            return false;
        }
        accounts.lockByUserId(userId).orElseThrow().credit(order.getTotalCents());
        return true;
    }

    /** One user's orders, newest first: a query on that user's shard. */
    @Transactional(readOnly = true)
    public Page<ShopOrder> ordersOf(long userId, int page, int size) {
        return orders.findByUserId(userId, PageRequest.of(page, size, NEWEST_FIRST));
    }

    /** Everyone's orders in a status, newest first: a query on every shard, merged by the proxy. */
    @Transactional(readOnly = true)
    public Page<ShopOrder> newestOrders(OrderStatus status, int page, int size) {
        return orders.findByStatus(status, PageRequest.of(page, size, NEWEST_FIRST));
    }

    /**
     * The same listing, ten at a time, each window starting after the last row of the one before
     * ({@code ScrollPosition.keyset()} for the first): cheap on every shard at any depth, unlike a page number.
     */
    @Transactional(readOnly = true)
    public Window<ShopOrder> scrollNewestOrders(OrderStatus status, ScrollPosition after) {
        return orders.findFirst10ByStatus(status, after, NEWEST_FIRST);
    }
}
