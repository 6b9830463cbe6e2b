package io.shardgate.ittests.drivers;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The sharded {@code order_items} table (a name with {@code _}) of {@link HibernateValidateIT}. */
@Entity
@Table(name = "order_items")
public class ShardedOrderItem {

    @Id
    @Column(name = "item_id")
    private Long itemId;

    @Column(name = "order_id", nullable = false)
    private Long orderId;

    @Column(name = "user_id", nullable = false)
    private Long userId;

    @Column(name = "sku", nullable = false, length = 32)
    private String sku;

    public Long getItemId() {
        return itemId;
    }
}
