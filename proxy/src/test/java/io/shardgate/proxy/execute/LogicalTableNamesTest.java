package io.shardgate.proxy.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.shardgate.config.ConfigLoader;
import io.shardgate.proxy.protocol.ColumnDefinition41;
import io.shardgate.proxy.protocol.ColumnFlags;
import io.shardgate.proxy.protocol.ColumnType;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.router.topology.Topology;
import org.junit.jupiter.api.Test;

class LogicalTableNamesTest {

    private static final Topology TOPOLOGY = Topology.of(ConfigLoader.parse("""
            proxy: {users: [{user: app, password: app}]}
            nodes:
              - {name: ds0, primary: 127.0.0.1:3306, user: u, password: p}
              - {name: ds1, primary: 127.0.0.1:3307, user: u, password: p}
            schemas:
              - name: shop
                default-node: ds0
                tables:
                  - {name: orders, shard-key: user_id, strategy: hash-mod, nodes: [ds0, ds1], locations: [2, 2]}
                  - {name: countries, broadcast: true, nodes: [ds0, ds1]}
              - name: plain
                default-node: ds0
            """, "test.yaml"));
    private final LogicalTableNames names = LogicalTableNames.of(TOPOLOGY.schema("shop"));

    private static ColumnDefinition41 column(String table, String orgTable) {
        return new ColumnDefinition41("def", "shop", table, orgTable, "amount", "amount", 63, 10,
                ColumnType.LONGLONG, ColumnFlags.NOT_NULL, 0, null);
    }

    private static ByteBuf encoded(ColumnDefinition41 column) {
        ByteBuf buf = Unpooled.buffer();
        column.encode(buf);
        return buf;
    }

    @Test
    void schemaWithoutShardedTablesNeedsNoRenaming() {
        assertThat(LogicalTableNames.of(TOPOLOGY.schema("plain"))).isNull();
        assertThat(LogicalTableNames.of(TOPOLOGY.schema("nope"))).isNull();
    }

    @Test
    void physicalShardTableBecomesTheLogicalOne() {
        ByteBuf renamed = names.rename(encoded(column("orders_0003", "orders_0003")), ByteBufAllocator.DEFAULT);
        assertThat(ColumnDefinition41.decode(renamed)).isEqualTo(column("orders", "orders"));
        renamed.release();
        assertThat(names.rename(column("orders_0001", "orders_0001"))).isEqualTo(column("orders", "orders"));
    }

    @Test
    void anAliasStaysAndOnlyOrgTableChanges() {
        ByteBuf renamed = names.rename(encoded(column("o", "orders_0002")), ByteBufAllocator.DEFAULT);
        assertThat(ColumnDefinition41.decode(renamed)).isEqualTo(column("o", "orders"));
        renamed.release();
    }

    @Test
    void otherTablesAndExpressionsPassUntouched() {
        for (ColumnDefinition41 c : new ColumnDefinition41[] {column("customers", "customers"),
                column("countries", "countries"), column("", ""), column("orders_0004", "orders_0004")}) {
            ByteBuf in = encoded(c);
            assertThat(names.rename(in, ByteBufAllocator.DEFAULT)).isSameAs(in);
            assertThat(names.rename(c)).isSameAs(c);
            in.release();
        }
    }

    /** The other names stay byte for byte, whatever character set the server wrote them in. */
    @Test
    void bytesAroundTheTableNamesAreKept() {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(new byte[] {3, 'd', 'e', 'f', 4, 's', 'h', 'o', (byte) 0xE9}); // latin1 "shoé"
        for (String s : new String[] {"orders_0000", "orders_0000"}) {
            in.writeByte(s.length()).writeBytes(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        byte[] tail = {2, 'n', (byte) 0xFC, 0, 0x0C, 63, 0, 10, 0, 0, 0, 8, 0, 0, 0, 0, 0};
        in.writeBytes(tail);
        ByteBuf out = names.rename(in, ByteBufAllocator.DEFAULT);
        byte[] bytes = ByteBufUtil.getBytes(out);
        assertThat(bytes).startsWith(3, 'd', 'e', 'f', 4, 's', 'h', 'o', (byte) 0xE9, 6, 'o', 'r', 'd', 'e', 'r', 's',
                6, 'o', 'r', 'd', 'e', 'r', 's');
        assertThat(java.util.Arrays.copyOfRange(bytes, bytes.length - tail.length, bytes.length)).isEqualTo(tail);
        assertThat(in.refCnt()).as("the original is released").isZero();
        out.release();
    }

    @Test
    void errorsNameLogicalTables() {
        assertThat(names.rename(new ErrPacket(1146, "42S02", "Table 'shop.orders_0002' doesn't exist")))
                .isEqualTo(new ErrPacket(1146, "42S02", "Table 'shop.orders' doesn't exist"));
        assertThat(names.renameIn("Cannot add or update a child row: a foreign key constraint fails (`shop`.`items`, "
                + "CONSTRAINT `orders_0001_ibfk_1` FOREIGN KEY (`o`) REFERENCES `ORDERS_0001` (`id`))"))
                .isEqualTo("Cannot add or update a child row: a foreign key constraint fails (`shop`.`items`, "
                        + "CONSTRAINT `orders_ibfk_1` FOREIGN KEY (`o`) REFERENCES `orders` (`id`))");
        assertThat(names.renameIn("Duplicate entry '7' for key 'orders_0003.PRIMARY'"))
                .isEqualTo("Duplicate entry '7' for key 'orders.PRIMARY'");
        ErrPacket unrelated = new ErrPacket(1054, "42S22", "Unknown column 'orders_x' in 'field list'");
        assertThat(names.rename(unrelated)).isSameAs(unrelated);
        assertThat(names.renameIn("Unknown table 'countries'")).isEqualTo("Unknown table 'countries'");
    }

    @Test
    void anErrPayloadIsRebuiltOnlyWhenItNamesAShardTable() {
        ByteBuf err = Unpooled.buffer();
        new ErrPacket(1146, "42S02", "Table 'shop.orders_0000' doesn't exist").encode(err);
        ByteBuf renamed = names.renameError(err, ByteBufAllocator.DEFAULT);
        assertThat(ErrPacket.decode(renamed)).isEqualTo(new ErrPacket(1146, "42S02", "Table 'shop.orders' doesn't exist"));
        assertThat(err.refCnt()).isZero();
        renamed.release();
        ByteBuf other = Unpooled.buffer();
        new ErrPacket(1064, "42000", "You have an error in your SQL syntax").encode(other);
        assertThat(names.renameError(other, ByteBufAllocator.DEFAULT)).isSameAs(other);
        other.release();
    }
}
