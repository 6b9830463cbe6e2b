package com.example.shop;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Queries that name the user run on that user's shard; the others run on every shard and shardgate merges
 * their rows. {@code findById} is one of the others: the id alone does not say where the order lives.
 */
public interface OrderRepository extends JpaRepository<ShopOrder, Long> {

    /** One shard. */
    Optional<ShopOrder> findByUserIdAndId(long userId, long id);

    /** One shard: a user's orders, a page at a time. */
    Page<ShopOrder> findByUserId(long userId, Pageable pageable);

    /**
     * Every shard: {@code ORDER BY ... LIMIT offset+size} on each, merged by the proxy, plus a
     * {@code SELECT COUNT(*)} on each, summed. The cost grows with the offset (see docs/sql-support.md).
     */
    Page<ShopOrder> findByStatus(OrderStatus status, Pageable pageable);

    /**
     * Every shard, keyset pagination: the WHERE clause starts after the previous window's last row, so each shard
     * reads at most 11 rows however far the client has scrolled, and no COUNT is needed.
     */
    Window<ShopOrder> findFirst10ByStatus(OrderStatus status, ScrollPosition position, Sort sort);

    /** One shard: the WHERE clause names the shard key, unlike the UPDATE Hibernate writes for a dirty entity. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update ShopOrder o set o.status = com.example.shop.OrderStatus.CANCELLED, o.version = o.version + 1"
            + " where o.userId = :userId and o.id = :id and o.status = com.example.shop.OrderStatus.PLACED")
    int cancelPlaced(@Param("userId") long userId, @Param("id") long id);
}
