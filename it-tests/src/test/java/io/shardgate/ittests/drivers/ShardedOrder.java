package io.shardgate.ittests.drivers;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;

/** The sharded {@code orders} table of {@link HibernateValidateIT}, as an application maps it. */
@Entity
@Table(name = "orders")
public class ShardedOrder {

    @Id
    @Column(name = "order_id")
    private Long orderId;

    @Column(name = "user_id", nullable = false)
    private Long userId;

    @Column(name = "amount", nullable = false, precision = 10, scale = 2)
    private BigDecimal amount;

    public Long getOrderId() {
        return orderId;
    }
}
