package io.shardgate.ittests.drivers;

import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.util.List;
import java.util.Properties;

/**
 * Connector/J 8.0 in a class loader of its own (9.x is on the test classpath with the same class names): the
 * jar is copied to {@code target/drivers} by it-tests' pom at generate-test-resources.
 */
final class OldConnectorJ {

    private static Driver driver;

    private OldConnectorJ() {
    }

    /** The SQL:2003 keywords the driver leaves out of {@code getSQLKeywords()}. */
    @SuppressWarnings("unchecked")
    static synchronized List<String> sql2003Keywords() throws Exception {
        driver();
        Field field = driver.getClass().getClassLoader().loadClass("com.mysql.cj.jdbc.DatabaseMetaData")
                .getDeclaredField("SQL2003_KEYWORDS");
        field.setAccessible(true);
        return List.copyOf((List<String>) field.get(null));
    }

    static synchronized Connection connect(String url, String user, String password) throws Exception {
        driver();
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return driver.connect(url, properties);
    }

    private static void driver() throws Exception {
        if (driver == null) {
            Path jar = Path.of(System.getProperty("shardgate.drivers", "target/drivers"), "mysql-connector-j-8.0.jar");
            if (!Files.isRegularFile(jar)) {
                throw new AssertionError(jar + " is missing: run the test through Maven (./mvnw verify), which copies "
                        + "Connector/J 8.0 there");
            }
            ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            driver = (Driver) loader.loadClass("com.mysql.cj.jdbc.Driver").getDeclaredConstructor().newInstance();
        }
    }
}
