package com.example.shop;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A small shop whose accounts and orders are sharded by user through shardgate. Nothing in it knows about
 * shards: the datasource points at the proxy, Flyway and Hibernate talk to it as to one MySQL server.
 * What changes is which queries are cheap (those naming the user) and who makes the order ids (the proxy).
 */
@SpringBootApplication
public class ShopApplication {

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
