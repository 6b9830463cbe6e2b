package io.shardgate.proxy.admin.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.shardgate.proxy.admin.AdminException;
import io.shardgate.proxy.admin.AdminService;
import io.shardgate.proxy.admin.AdminTable;
import io.shardgate.proxy.execute.ClientStream;
import io.shardgate.proxy.execute.LocalResult;
import io.shardgate.proxy.protocol.Command;
import io.shardgate.proxy.protocol.ErrPacket;
import io.shardgate.proxy.protocol.MysqlError;
import io.shardgate.proxy.protocol.MysqlPacket;
import io.shardgate.proxy.protocol.OkPacket;
import io.shardgate.proxy.protocol.ServerStatus;
import io.shardgate.proxy.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command phase of an admin connection: COM_QUERY carries an {@link AdminCommand}, answered as a result set or
 * an OK; COM_PING, COM_INIT_DB and COM_QUIT behave as on any server; other commands get 1047. Each command runs on a
 * virtual thread (a reload waits for backends, a route preview may read a lookup table) while the socket stops being
 * read, and its answer is written back on the channel's event loop: one command at a time, in order.
 */
final class AdminCommandHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AdminCommandHandler.class);

    private final Session session;
    private final AdminCommands commands;

    AdminCommandHandler(Session session, AdminService admin, String serverVersion) {
        this.session = session;
        this.commands = new AdminCommands(admin, session, serverVersion);
    }

    /** What a command answers. */
    sealed interface Answer {
        record Table(AdminTable table) implements Answer {
        }

        record Ok(long affected, String info) implements Answer {
        }

        record Error(ErrPacket err) implements Answer {
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MysqlPacket packet = (MysqlPacket) msg;
        int reply = packet.nextSequenceId();
        int code = packet.header();
        Command command = code < 0 ? null : Command.of(code);
        String text = null;
        if (command == Command.QUERY || command == Command.INIT_DB) {
            ByteBuf p = packet.payload();
            text = p.toString(p.readerIndex() + 1, p.readableBytes() - 1, java.nio.charset.StandardCharsets.UTF_8);
        }
        packet.release();
        if (command == null) {
            write(ctx, reply, new Answer.Error(MysqlError.UNKNOWN_COM_ERROR.toPacket()));
            return;
        }
        switch (command) {
            case QUIT -> ctx.close();
            case PING -> write(ctx, reply, new Answer.Ok(0, ""));
            case INIT_DB -> run(ctx, reply, "USE `" + text.replace("`", "``") + "`");
            case QUERY -> run(ctx, reply, text);
            default -> write(ctx, reply, new Answer.Error(MysqlError.UNKNOWN_COM_ERROR.toPacket()));
        }
    }

    private void run(ChannelHandlerContext ctx, int reply, String sql) {
        ctx.channel().config().setAutoRead(false);
        session.statementStarted(sql);
        Thread.ofVirtual().name("admin-" + session.connectionId()).start(() -> {
            Answer answer;
            try {
                answer = commands.run(AdminCommand.parse(sql));
            } catch (AdminException e) {
                answer = new Answer.Error(MysqlError.UNKNOWN_ERROR.toPacket("shardgate admin: " + e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("admin command failed: {}", sql, e);
                answer = new Answer.Error(MysqlError.unexpected("shardgate admin could not run the command", e));
            }
            Answer done = answer;
            ctx.executor().execute(() -> {
                session.statementEnded();
                write(ctx, reply, done);
                ctx.channel().config().setAutoRead(true);
            });
        });
    }

    private void write(ChannelHandlerContext ctx, int reply, Answer answer) {
        if (!ctx.channel().isActive()) {
            return;
        }
        ClientStream out = new ClientStream(ctx, reply);
        int status = ServerStatus.AUTOCOMMIT;
        switch (answer) {
            case Answer.Table t -> LocalResult.of(t.table().columns(), t.table().rows())
                    .writeTo(out, session.capabilities(), status);
            case Answer.Ok ok -> {
                ByteBuf buf = ctx.alloc().buffer(32 + ok.info().length());
                new OkPacket(OkPacket.HEADER, ok.affected(), 0, status, 0, ok.info(), null)
                        .encode(buf, session.capabilities());
                out.write(buf);
            }
            case Answer.Error e -> {
                ByteBuf buf = ctx.alloc().buffer(64);
                e.err().encode(buf);
                out.write(buf);
            }
        }
        out.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("admin {}: {}", session, cause.toString());
        ctx.close();
    }
}
