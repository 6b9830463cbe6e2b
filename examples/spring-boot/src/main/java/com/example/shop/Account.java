package com.example.shop;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * A customer's account. Its id is the shard key, so every statement Hibernate writes for it (find, update,
 * delete by id) names one shard.
 */
@Entity
@Table(name = "accounts")
public class Account {

    @Id
    @Column(name = "user_id")
    private Long userId;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "balance_cents", nullable = false)
    private long balanceCents;

    @Version
    @Column(nullable = false)
    private long version;

    protected Account() {
    }

    public Account(long userId, String name, long balanceCents) {
        this.userId = userId;
        this.name = name;
        this.balanceCents = balanceCents;
    }

    /** Takes {@code cents} from the balance, or refuses without changing it. */
    void debit(long cents) {
        if (cents > balanceCents) {
            throw new InsufficientFundsException(userId, cents, balanceCents);
        }
        balanceCents -= cents;
    }

    void credit(long cents) {
        balanceCents += cents;
    }

    public Long getUserId() {
        return userId;
    }

    public String getName() {
        return name;
    }

    public long getBalanceCents() {
        return balanceCents;
    }
}
