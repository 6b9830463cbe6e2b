package com.example.shop;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The catalogue: a broadcast table, so each shard's node has a copy to read. */
@Entity
@Table(name = "products")
public class Product {

    @Id
    @Column(length = 32)
    private String sku;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "price_cents", nullable = false)
    private long priceCents;

    protected Product() {
    }

    public String getSku() {
        return sku;
    }

    public String getName() {
        return name;
    }

    public long getPriceCents() {
        return priceCents;
    }
}
