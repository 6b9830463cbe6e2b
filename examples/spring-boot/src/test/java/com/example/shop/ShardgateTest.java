package com.example.shop;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application against shardgate: the only property the tests change is the datasource URL, which names the
 * proxy's port. Every test class shares one application context, and so one proxy and one set of servers.
 */
@SpringBootTest
abstract class ShardgateTest {

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void shardgate(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> LocalShardgate.get().jdbcUrl());
    }

    /** Through the proxy: a DELETE without the shard key runs on every physical table. */
    protected void deleteAllOrdersAndAccounts() {
        jdbc.update("DELETE FROM orders");
        jdbc.update("DELETE FROM accounts");
    }
}
