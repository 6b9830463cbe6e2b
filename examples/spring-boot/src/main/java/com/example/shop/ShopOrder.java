package com.example.shop;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An order, stored on its user's shard.
 *
 * <p>The id comes from shardgate's snowflake key generator: Hibernate inserts the row without an id
 * ({@link GenerationType#IDENTITY}) and reads the one the proxy generated back through
 * {@code getGeneratedKeys()}, as it would read an AUTO_INCREMENT value. An AUTO_INCREMENT per physical table
 * would hand the same id out on every shard.
 *
 * <p>{@code user_id} is not updatable: Hibernate's UPDATE then leaves the shard key out of its SET clause.
 * With it, shardgate refuses the UPDATE as one that could move the row to another shard, even when the value
 * is unchanged.
 */
@Entity
@Table(name = "orders")
public class ShopOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false, updatable = false)
    private long userId;

    @Column(nullable = false, length = 32)
    private String sku;

    @Column(nullable = false)
    private int quantity;

    @Column(name = "total_cents", nullable = false)
    private long totalCents;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private OrderStatus status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    @Column(nullable = false)
    private long version;

    protected ShopOrder() {
    }

    ShopOrder(long userId, String sku, int quantity, long totalCents, Instant createdAt) {
        this.userId = userId;
        this.sku = sku;
        this.quantity = quantity;
        this.totalCents = totalCents;
        this.status = OrderStatus.PLACED;
        this.createdAt = createdAt;
    }

    void ship() {
        if (status != OrderStatus.PLACED) {
            throw new IllegalStateException("order " + id + " is " + status + ", not PLACED");
        }
        status = OrderStatus.SHIPPED;
    }

    public Long getId() {
        return id;
    }

    public long getUserId() {
        return userId;
    }

    public String getSku() {
        return sku;
    }

    public int getQuantity() {
        return quantity;
    }

    public long getTotalCents() {
        return totalCents;
    }

    public OrderStatus getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public long getVersion() {
        return version;
    }
}
