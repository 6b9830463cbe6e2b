package io.shardgate.ittests.oracle;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The oracle's random data, reproducible from its seed. It is built to catch merges that only work on tidy
 * data: NULLs in every nullable column, duplicate values and whole duplicate rows (apart from the key),
 * strings equal under {@code utf8mb4_general_ci} but not bytewise ('new', 'NEW', 'New', 'shipped ',
 * 'été' = 'ete'; a utf8mb4_unicode_ci column where 'ß' = 'ss'), negative numbers, BIGINT and INT at their limits (sums of them overflow 64 bits), DECIMALs
 * at their precision, and event times on the first and last second of each monthly shard.
 */
final class DataSet {

    static final int ORDERS = 2000;
    static final int CUSTOMERS = 600;
    static final int EVENTS = 1200;
    static final int SUPPLIERS = 300;

    private static final String[] STATUSES = {"new", "NEW", "New", "paid", "Paid", "PAID", "shipped", "Shipped",
        "shipped ", "cancelled", "Cancelled", "refund", "été", "ÉTÉ", "ete", ""};
    private static final String[] NOTES = {"x", "X", "it's", "back\\slash", "a,b", "ß", "ss", "Zebra", "zebra",
        "émile", "Emile", "  lead", "trail  ", "gift", "GIFT", "urgent", "%", "_"};
    private static final String[] SKUS = {"sku-1", "SKU-1", "Sku-1", "sku-2", "SKU-2", "sku-10", "a", "A", "b", "ä",
        "Z"};
    private static final String[] REGIONS = {"north", "North", "NORTH", "south", "South", "east", "EAST", "west",
        "West ", "central", "Central", ""};
    private static final String[] NAMES = {"Ada", "ada", "ADA", "Bob", "bob", "Émile", "emile", "Zoë", "zoe",
        "Ångström", "O'Brien", "Chloé", "chloe", "Dmitri", "dmitri"};
    private static final String[] CODES = {"abc", "ABC", "Abc", "abd", "ab", "b", "B", "abc ", "Ab"};
    /** Equal pairs under utf8mb4_unicode_ci that general_ci tells apart (or the other way round). */
    private static final String[] TITLES = {"ß", "ss", "s", "Straße", "strasse", "STRASSE", "æ", "ae", "Å", "a", "A",
        "z", "Œuvre", "oeuvre", "ﬁ", "fi", "Ø", "o"};
    private static final String[] KINDS = {"click", "CLICK", "Click", "view", "View", "buy", "BUY", "refund"};
    static final String[][] COUNTRIES = {{"DE", "Germany", "Europe"}, {"FR", "France", "europe"},
        {"US", "United States", "America"}, {"CA", "Canada", "america"}, {"BR", "Brazil", "AMERICA"},
        {"JP", "Japan", "Asia"}, {"CN", "China", "asia"}, {"IN", "India", "Asia"}, {"NG", "Nigeria", "Africa"},
        {"EG", "Egypt", "africa"}, {"AU", "Australia", "Oceania"}, {"NZ", "New Zealand", "oceania"},
        {"ES", "Spain", "Europe"}, {"IT", "Italy", "EUROPE"}, {"SE", "Sweden", "Europe"}, {"MX", "Mexico", "America"},
        {"AR", "Argentina", "america"}, {"KE", "Kenya", "Africa"}, {"KR", "Korea", "Asia"}, {"AQ", "Antarctica", ""}};

    private final Random random;

    private DataSet(long seed) {
        this.random = new Random(seed);
    }

    /** Every table's rows; order_items follow orders (their user_id is their order's). */
    static List<TableRows> generate(long seed) {
        DataSet d = new DataSet(seed);
        List<List<Object>> orders = d.orders();
        TableRows events = d.events();
        return List.of(d.countries(), new TableRows("orders", List.of("order_id", "user_id", "amount", "qty", "big",
                        "status", "created_at", "note", "country"), orders), d.orderItems(orders), d.customers(),
                events, d.suppliers(events)); // generated last: the other tables' rows stay as they were
    }

    private TableRows countries() {
        List<List<Object>> rows = new ArrayList<>();
        for (String[] c : COUNTRIES) {
            rows.add(List.of(c[0], c[1], c[2]));
        }
        return new TableRows("countries", List.of("code", "name", "continent"), rows);
    }

    private List<List<Object>> orders() {
        List<List<Object>> rows = new ArrayList<>();
        List<Object> previous = null;
        for (int i = 0; i < ORDERS; i++) {
            long orderId = i < ORDERS - 5 ? i + 1 : Long.MAX_VALUE - (ORDERS - i); // a few ids near the limit
            List<Object> row;
            if (previous != null && random.nextInt(20) == 0) {
                row = new ArrayList<>(previous); // a duplicate row apart from its key
                row.set(0, orderId);
            } else {
                row = new ArrayList<>(List.of(orderId, userId()));
                row.add(nullOr(12, this::amount));
                row.add(nullOr(10, () -> pick(6) == 0 ? pickOf(Integer.MAX_VALUE, Integer.MIN_VALUE, 0)
                        : random.nextInt(2001) - 500));
                row.add(nullOr(8, () -> pick(5) == 0 ? pickOf(Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, -1L)
                        : random.nextLong()));
                row.add(STATUSES[random.nextInt(STATUSES.length)]);
                row.add(nullOr(20, () -> dateTime(2024, 2026)));
                row.add(nullOr(3, () -> NOTES[random.nextInt(NOTES.length)]));
                row.add(nullOr(8, () -> random.nextInt(6) == 0 ? "ZZ" : COUNTRIES[random.nextInt(COUNTRIES.length)][0]));
            }
            rows.add(row);
            previous = row;
        }
        return rows;
    }

    private long userId() {
        return switch (pick(40)) {
            case 0 -> pickOf(Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 0L);
            case 1, 2 -> -1 - random.nextInt(20);
            default -> 1 + random.nextInt(300);
        };
    }

    private BigDecimal amount() {
        return switch (pick(12)) {
            case 0 -> new BigDecimal(pickOf("0.00", "9.99", "-0.01", "9999999999.99", "-9999999999.99", "100.00"));
            case 1, 2 -> BigDecimal.valueOf(-random.nextInt(500000), 2);
            default -> BigDecimal.valueOf(random.nextInt(10_000_000), 2);
        };
    }

    private TableRows orderItems(List<List<Object>> orders) {
        List<List<Object>> rows = new ArrayList<>();
        long itemId = 1;
        for (List<Object> order : orders) {
            int items = random.nextInt(4);
            for (int k = 0; k < items; k++) {
                rows.add(java.util.Arrays.asList(itemId++, order.get(0), order.get(1),
                        SKUS[random.nextInt(SKUS.length)],
                        nullOr(10, () -> BigDecimal.valueOf(random.nextInt(2_000_000) - 100_000, 3)),
                        random.nextInt(50) - 2,
                        nullOr(6, () -> pick(8) == 0 ? pickOf(0.1, -0.0, 1e300, -2.5e-7, 1.0 / 3, 123456789.125)
                                : random.nextInt(100000) / 8.0)));
            }
        }
        return new TableRows("order_items", List.of("item_id", "order_id", "user_id", "sku", "price", "quantity",
                "weight"), rows);
    }

    private TableRows customers() {
        List<List<Object>> rows = new ArrayList<>();
        for (int id = 1; id <= CUSTOMERS; id++) {
            rows.add(java.util.Arrays.asList(id, REGIONS[random.nextInt(REGIONS.length)],
                    NAMES[random.nextInt(NAMES.length)],
                    nullOr(10, () -> CODES[random.nextInt(CODES.length)]),
                    nullOr(7, () -> COUNTRIES[random.nextInt(COUNTRIES.length)][0]),
                    nullOr(9, () -> BigDecimal.valueOf(random.nextLong() % 10_000_000_000_000L, 4)),
                    nullOr(5, () -> LocalDate.of(1940 + random.nextInt(70), 1 + random.nextInt(12), 1 + random.nextInt(28))),
                    random.nextInt(3) == 0 ? 1 : 0,
                    nullOr(12, () -> TITLES[random.nextInt(TITLES.length)])));
        }
        return new TableRows("customers", List.of("id", "region", "name", "code", "country", "balance", "born", "vip",
                "title"), rows);
    }

    private TableRows events() {
        List<List<Object>> rows = new ArrayList<>();
        for (int id = 1; id <= EVENTS; id++) {
            YearMonth month = YearMonth.of(2025, 1 + random.nextInt(12));
            LocalDateTime at = switch (pick(4)) {
                case 0 -> month.atDay(1).atStartOfDay();
                case 1 -> month.atEndOfMonth().atTime(23, 59, 59);
                default -> month.atDay(1 + random.nextInt(month.lengthOfMonth())).atTime(random.nextInt(24),
                        random.nextInt(60), random.nextInt(60));
            };
            rows.add(java.util.Arrays.asList((long) id, at, KINDS[random.nextInt(KINDS.length)],
                    nullOr(10, () -> 1L + random.nextInt(300)),
                    nullOr(10, () -> random.nextInt(2001) - 1000),
                    nullOr(3, () -> NOTES[random.nextInt(NOTES.length)])));
        }
        return new TableRows("events", List.of("id", "created_at", "kind", "user_id", "val", "payload"), rows);
    }

    /**
     * The unsharded table: keys that match the sharded tables' (orders' user_id, customers' id and region,
     * orders' status, events' created_at) with NULLs, keys no row has, and strings that match only under the
     * collation (case, trailing spaces; accents only in status: the region strategy routes 'ÉAST' to its default
     * shard, not to 'east''s, for a point query as for a join).
     */
    private TableRows suppliers(TableRows events) {
        List<List<Object>> rows = new ArrayList<>();
        for (int id = 1; id <= SUPPLIERS; id++) {
            rows.add(java.util.Arrays.asList(id,
                    nullOr(8, () -> pick(10) == 0 ? pickOf(Long.MAX_VALUE, Long.MIN_VALUE, 0L, 100_000L)
                            : pick(8) == 0 ? -1L - random.nextInt(20) : 1L + random.nextInt(320)),
                    nullOr(8, () -> 1 + random.nextInt(650)),
                    nullOr(6, () -> pick(6) == 0 ? pickOf("SOUTH ", "nowhere", "EaSt", "wEST")
                            : REGIONS[random.nextInt(REGIONS.length)]),
                    nullOr(7, () -> STATUSES[random.nextInt(STATUSES.length)]),
                    nullOr(5, () -> pick(3) == 0 ? dateTime(2024, 2026)
                            : events.rows().get(random.nextInt(events.rows().size())).get(1)),
                    NAMES[random.nextInt(NAMES.length)],
                    nullOr(6, () -> BigDecimal.valueOf(random.nextInt(101), 1))));
        }
        return new TableRows("suppliers", List.of("id", "user_id", "customer_id", "region", "status", "since", "name",
                "rating"), rows);
    }

    private LocalDateTime dateTime(int fromYear, int toYear) {
        if (pick(10) == 0) {
            YearMonth m = YearMonth.of(fromYear + random.nextInt(toYear - fromYear + 1), 1 + random.nextInt(12));
            return random.nextBoolean() ? m.atDay(1).atStartOfDay() : m.atEndOfMonth().atTime(23, 59, 59);
        }
        return LocalDateTime.of(fromYear + random.nextInt(toYear - fromYear + 1), 1 + random.nextInt(12),
                1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60));
    }

    /** NULL one time in {@code oneIn}, else the value. */
    private Object nullOr(int oneIn, java.util.function.Supplier<Object> value) {
        return random.nextInt(oneIn) == 0 ? null : value.get();
    }

    private int pick(int n) {
        return random.nextInt(n);
    }

    @SafeVarargs
    private <T> T pickOf(T... values) {
        return values[random.nextInt(values.length)];
    }
}
