package io.shardgate.proxy.frontend;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.shardgate.proxy.protocol.PacketDecoder;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * MySQL's {@code net_read_timeout} for a logged-in client: one that stops sending in the middle of a packet for
 * {@code proxy.net-read-timeout} gets {@link NetReadTimeoutException} (the command handler answers 1159 and
 * closes). Waiting between commands is no stall (that is {@code wait_timeout}'s business), nor is a pause while
 * the proxy itself has stopped reading (a busy session's back-pressure).
 *
 * <p>Sits right before the framing decoder: every byte it sees is progress, and after each read the decoder says
 * whether a packet is still incomplete. One timer per stall, re-armed from the last progress when it fires
 * early, so a steady upload costs no timer churn.
 */
final class ReadStallGuard extends ChannelInboundHandlerAdapter {

    private final PacketDecoder framing;
    private final long timeoutNanos;
    private long lastProgress;
    private ScheduledFuture<?> timer;

    ReadStallGuard(PacketDecoder framing, long timeoutNanos) {
        this.framing = framing;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastProgress = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (framing.midPacket()) {
            if (timer == null) {
                arm(ctx, timeoutNanos);
            }
        } else {
            cancel();
        }
        ctx.fireChannelReadComplete();
    }

    private void arm(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive() || !framing.midPacket()) {
            return;
        }
        long idle = System.nanoTime() - lastProgress;
        if (!ctx.channel().config().isAutoRead()) {
            lastProgress = System.nanoTime(); // not read by us: the client cannot be blamed
            arm(ctx, timeoutNanos);
        } else if (idle < timeoutNanos) {
            arm(ctx, timeoutNanos - idle);
        } else {
            ctx.fireExceptionCaught(new NetReadTimeoutException(TimeUnit.NANOSECONDS.toMillis(idle)));
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }
}
