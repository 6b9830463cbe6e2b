package io.shardgate.ittests.drivers;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;

/**
 * An order sharded by user, mapped as applications map it: the shard key an ordinary updatable column, no
 * {@code @DynamicUpdate}, so Hibernate's UPDATE writes every column back, the shard key included.
 */
@Entity
@Table(name = "versioned_orders")
public class VersionedOrder {

    @Id
    private Long id;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(nullable = false, precision = 10, scale = 2)
    private BigDecimal amount;

    @Column(nullable = false, length = 16)
    private String status;

    @Version
    @Column(nullable = false)
    private long version;

    protected VersionedOrder() {
    }

    public VersionedOrder(long id, long userId, BigDecimal amount, String status) {
        this.id = id;
        this.userId = userId;
        this.amount = amount;
        this.status = status;
    }

    public void pay(BigDecimal newAmount) {
        this.amount = newAmount;
        this.status = "paid";
    }

    public void moveTo(long newUserId) {
        this.userId = newUserId;
    }

    public long getVersion() {
        return version;
    }
}
