package io.shardgate.proxy.cluster;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What one instance tells the fleet about itself, in its {@code /instances/<name>} znode as {@code key=value} lines
 * (readable with {@code zkCli.sh get}).
 *
 * @param name the client address other instances and operators know it by ({@code host:port})
 * @param configVersion the shared config version it runs
 * @param configStatus {@code ok}, or why the latest version was not applied
 * @param workerId its leased worker id, -1 while it holds none
 */
record InstanceReport(String name, String admin, String started, int configVersion, String configStatus,
                      int sessions, int workerId) {

    byte[] toBytes() {
        Properties p = new Properties();
        p.setProperty("address", name);
        p.setProperty("admin", admin == null ? "" : admin);
        p.setProperty("started", started);
        p.setProperty("config-version", Integer.toString(configVersion));
        p.setProperty("config-status", configStatus);
        p.setProperty("sessions", Integer.toString(sessions));
        p.setProperty("worker-id", Integer.toString(workerId));
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Properties.store starts with a date comment: dropped, so an unchanged report is unchanged bytes
        String text = out.toString().lines().filter(l -> !l.startsWith("#")).reduce("", (a, l) -> a + l + "\n");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static InstanceReport parse(String name, byte[] data) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(data == null ? new byte[0] : data, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return new InstanceReport(name, "", "", 0, "unreadable report", 0, -1);
        }
        return new InstanceReport(name, p.getProperty("admin", ""), p.getProperty("started", ""),
                number(p.getProperty("config-version")), p.getProperty("config-status", ""),
                number(p.getProperty("sessions")), p.getProperty("worker-id") == null ? -1
                        : number(p.getProperty("worker-id")));
    }

    private static int number(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
