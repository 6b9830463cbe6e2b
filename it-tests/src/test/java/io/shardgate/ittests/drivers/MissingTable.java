package io.shardgate.ittests.drivers;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entity whose table exists nowhere: validation must fail for it, or it checks nothing. */
@Entity
@Table(name = "order_notes")
public class MissingTable {

    @Id
    private Long id;

    public Long getId() {
        return id;
    }
}
