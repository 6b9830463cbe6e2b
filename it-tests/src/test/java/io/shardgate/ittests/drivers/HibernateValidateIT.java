package io.shardgate.ittests.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardgate.ittests.backends.Backends;
import io.shardgate.ittests.backends.SharedBackends;
import io.shardgate.ittests.proxy.ProxyFixture;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hibernate 6's {@code hbm2ddl.auto=validate} of sharded entities through the proxy: it finds each logical table
 * and its columns through Connector/J's metadata, however the driver reads it (SHOW statements, or
 * INFORMATION_SCHEMA with {@code useInformationSchema=true}, where {@code order_items} is a LIKE pattern) and
 * however Hibernate asks (all tables at once, {@code TABLE_NAME LIKE '%'}, its default; or one table at a time),
 * the defaults of both included.
 */
@ExtendWith(SharedBackends.class)
class HibernateValidateIT {

    private static final String SCHEMA = "hb_validate";
    private static ProxyFixture proxy;

    @BeforeAll
    static void start(Backends backends) throws Exception {
        proxy = ProxyFixture.start(backends, SCHEMA, ConnectorJMetadataIT.SCHEMAS);
        try (Connection c = proxy.connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (order_id BIGINT NOT NULL PRIMARY KEY, user_id BIGINT NOT NULL, "
                    + "amount DECIMAL(10,2) NOT NULL, KEY by_user (user_id))");
            s.execute("CREATE TABLE order_items (item_id BIGINT NOT NULL PRIMARY KEY, order_id BIGINT NOT NULL, "
                    + "user_id BIGINT NOT NULL, sku VARCHAR(32) NOT NULL)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static SessionFactory validate(String urlOptions, String extraction, List<Class<?>> entities) {
        Configuration cfg = new Configuration()
                .setProperty("hibernate.connection.url", proxy.jdbcUrl(urlOptions))
                .setProperty("hibernate.connection.username", ProxyFixture.USER)
                .setProperty("hibernate.connection.password", ProxyFixture.PASSWORD)
                .setProperty("hibernate.connection.pool_size", "2")
                .setProperty("hibernate.hbm2ddl.auto", "validate");
        if (!extraction.isEmpty()) {
            cfg.setProperty("hibernate.hbm2ddl.jdbc_metadata_extraction_strategy", extraction);
        }
        entities.forEach(cfg::addAnnotatedClass);
        return cfg.buildSessionFactory();
    }

    /**
     * An empty option is the default: no URL option (Connector/J's own defaults), no extraction strategy
     * (Hibernate's, {@code grouped}: every table at once, {@code TABLE_NAME LIKE '%'}).
     */
    @ParameterizedTest(name = "[{0}] [{1}]")
    @CsvSource({
        "'', ''",
        "'', individually",
        "useInformationSchema=false, grouped",
        "useInformationSchema=false, individually",
        "useInformationSchema=true, ''",
        "useInformationSchema=true, grouped",
        "useInformationSchema=true, individually",
    })
    void shardedEntitiesValidate(String urlOptions, String extraction) {
        try (SessionFactory factory = validate(urlOptions, extraction, List.of(ShardedOrder.class, ShardedOrderItem.class))) {
            assertThat(factory.getMetamodel().getEntities()).hasSize(2);
        }
    }

    @ParameterizedTest(name = "[{0}] [{1}]")
    @CsvSource({"'', ''", "useInformationSchema=true, individually", "useInformationSchema=true, grouped"})
    void aTableThatDoesNotExistStillFailsValidation(String urlOptions, String extraction) {
        assertThatThrownBy(() -> validate(urlOptions, extraction,
                List.of(ShardedOrderItem.class, MissingTable.class)).close())
                .hasStackTraceContaining("missing table [order_notes]");
    }
}
