package io.shardgate.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class PinnedStatementTest {

    /** COM_STMT_EXECUTE of statement 7 with two parameters (LONGLONG 5, VAR_STRING 'ab'). */
    private static ByteBuf execute(boolean bound) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(0x17).writeIntLE(7).writeByte(0).writeIntLE(1);
        b.writeByte(0); // NULL bitmap, 2 parameters: one byte
        b.writeByte(bound ? 1 : 0);
        if (bound) {
            b.writeShortLE(0x08).writeShortLE(0xFD);
        }
        b.writeLongLE(5).writeByte(2).writeBytes(new byte[] {'a', 'b'});
        return b;
    }

    @Test
    void anExecuteThatBindsItsTypesIsSentAsItIs() {
        PinnedStatement s = new PinnedStatement("ds0", "SELECT ?, ?", 2);
        ByteBuf first = execute(true);
        s.noteTypes(first);
        assertThat(s.withTypes(first, ByteBufAllocator.DEFAULT)).isSameAs(first);
        first.release();
    }

    @Test
    void aLaterExecuteGetsTheRememberedTypesBackAfterARePrepare() {
        PinnedStatement s = new PinnedStatement("ds0", "SELECT ?, ?", 2);
        s.noteTypes(execute(true));
        ByteBuf later = execute(false);
        s.noteTypes(later); // carries no types: the remembered ones stay
        ByteBuf typed = s.withTypes(later, ByteBufAllocator.DEFAULT);
        ByteBuf expected = execute(true);
        assertThat(ByteBufUtil.getBytes(typed)).isEqualTo(ByteBufUtil.getBytes(expected));
        typed.release();
        later.release();
        expected.release();
    }

    @Test
    void withoutKnownTypesThereIsNothingToSend() {
        PinnedStatement s = new PinnedStatement("ds0", "SELECT ?, ?", 2);
        assertThat(s.withTypes(execute(false), ByteBufAllocator.DEFAULT)).isNull();
    }

    @Test
    void aStatementWithoutParametersNeedsNoTypes() {
        PinnedStatement s = new PinnedStatement("ds0", "SELECT 1", 0);
        ByteBuf b = Unpooled.buffer().writeByte(0x17).writeIntLE(7).writeByte(0).writeIntLE(1);
        s.noteTypes(b);
        assertThat(s.withTypes(b, ByteBufAllocator.DEFAULT)).isSameAs(b);
    }
}
