package com.example.shop;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application against shardgate: the only property the tests change is the datasource URL, which names the
 * proxy's port. Every test class shares one application context, and so one proxy and one set of servers.
 */
@SpringBootTest
abstract class ShardgateTest {

    @DynamicPropertySource
    static void shardgate(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> LocalShardgate.get().jdbcUrl());
    }
}
