import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the proxy's event loops spend their Java time, per case: reads a JFR recording, keeps the
 * {@code jdk.ExecutionSample}s of Netty event-loop threads inside each case's time window, and puts each sample in
 * the category of its innermost matching frame (the specific categories first; "statement logic" and "event loop"
 * only when no specific one matches). JDK only: {@code java JfrBreakdown.java FILE.jfr NAME=FROM_MS-TO_MS ...}.
 */
public final class JfrBreakdown {

    private static final Map<String, Pattern> SPECIFIC = new LinkedHashMap<>();
    private static final Map<String, Pattern> GENERIC = new LinkedHashMap<>();

    static {
        SPECIFIC.put("observe: metrics, digests, slow log", Pattern.compile("ObservedStatement\\.observe|StatementRecorder"));
        SPECIFIC.put("plan: normalize, route, bind, SQL text to packet",
                Pattern.compile("QueryCommand\\.plan|Normalizer|Router\\.route|PlanCache|CommandPacket|executeRouted"));
        SPECIFIC.put("prepared: EXECUTE decode, text to binary rows",
                Pattern.compile("PreparedStatementCommands\\.forExecute|PinnedStatement|BinaryResultForwarder|ComStmtExecute|TextRowDecoder|BinaryRow"));
        SPECIFIC.put("column definitions renamed to the logical table", Pattern.compile("LogicalTableNames"));
        SPECIFIC.put("acquire backend + session sync + release",
                Pattern.compile("SessionBackends\\.acquire|NodePools\\.acquire|StateSync|SessionBackends\\.statementEnded|ConnectionPool"));
        SPECIFIC.put("encode + write (PacketEncoder, outbound pipeline)",
                Pattern.compile("PacketEncoder|ClientStream\\.write|BackendConnection\\.send|AbstractChannelHandlerContext\\.write|ChannelOutboundBuffer|flush"));
        SPECIFIC.put("decode (PacketDecoder, ResponseTracker)", Pattern.compile("PacketDecoder|ByteToMessageDecoder\\.callDecode|ResponseTracker"));
        GENERIC.put("other statement logic", Pattern.compile("io\\.shardgate"));
        GENERIC.put("Netty event loop itself (epoll, read, pipeline)", Pattern.compile("io\\.netty"));
    }

    public static void main(String[] args) throws Exception {
        List<RecordedEvent> samples = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (e.getEventType().getName().equals("jdk.ExecutionSample") && e.getThread("sampledThread") != null
                    && String.valueOf(e.getThread("sampledThread").getJavaName()).contains("EventLoop")
                    && e.getStackTrace() != null) {
                samples.add(e);
            }
        }
        for (int i = 1; i < args.length; i++) {
            String[] nameWindow = args[i].split("=", 2);
            String[] window = nameWindow[1].split("-");
            Instant from = Instant.ofEpochMilli(Long.parseLong(window[0]));
            Instant to = Instant.ofEpochMilli(Long.parseLong(window[1]));
            Map<String, Integer> counts = new LinkedHashMap<>();
            int n = 0;
            for (RecordedEvent e : samples) {
                if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) {
                    continue;
                }
                n++;
                counts.merge(category(e.getStackTrace().getFrames()), 1, Integer::sum);
            }
            System.out.printf("## %s: %d event-loop samples%n", nameWindow[0], n);
            int total = Math.max(1, n);
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(c -> System.out.printf("  %5.1f%%  %s%n", c.getValue() * 100.0 / total, c.getKey()));
        }
    }

    private static String category(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) { // innermost first
            String method = f.getMethod().getType().getName() + "." + f.getMethod().getName();
            for (var c : SPECIFIC.entrySet()) {
                if (c.getValue().matcher(method).find()) {
                    return c.getKey();
                }
            }
        }
        for (RecordedFrame f : frames) {
            String method = f.getMethod().getType().getName() + "." + f.getMethod().getName();
            for (var c : GENERIC.entrySet()) {
                if (c.getValue().matcher(method).find()) {
                    return c.getKey();
                }
            }
        }
        return "other (JDK)";
    }
}
