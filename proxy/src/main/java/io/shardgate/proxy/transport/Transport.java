package io.shardgate.proxy.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The socket implementation under every channel of the proxy, client and backend side alike (a backend channel
 * must run on the same kind of event loop as the client channel it serves).
 *
 * <p>Why native transports: a pass-through query costs the proxy four loopback socket operations, and on a small
 * machine the proxy competes for the same cores as the database. Netty's epoll transport reads and writes with
 * fewer system calls and less garbage than the JDK's selector; io_uring submits the writes of one event-loop
 * round in a single system call. {@link #AUTO} picks epoll where it loads (measured fastest on the reference
 * machine, see bench/README.md) and falls back to NIO everywhere else.
 */
public enum Transport {
    AUTO(null, null, null, () -> true),
    NIO(NioIoHandler::newFactory, NioSocketChannel.class, NioServerSocketChannel.class, () -> true),
    EPOLL(EpollIoHandler::newFactory, EpollSocketChannel.class, EpollServerSocketChannel.class, Epoll::isAvailable),
    IO_URING(IoUringIoHandler::newFactory, IoUringSocketChannel.class, IoUringServerSocketChannel.class,
            IoUring::isAvailable);

    private final Supplier<IoHandlerFactory> ioHandlers;
    private final Class<? extends SocketChannel> socketChannel;
    private final Class<? extends ServerSocketChannel> serverSocketChannel;
    private final BooleanSupplier available;

    Transport(Supplier<IoHandlerFactory> ioHandlers, Class<? extends SocketChannel> socketChannel,
              Class<? extends ServerSocketChannel> serverSocketChannel, BooleanSupplier available) {
        this.ioHandlers = ioHandlers;
        this.socketChannel = socketChannel;
        this.serverSocketChannel = serverSocketChannel;
        this.available = available;
    }

    /** The transport a config names ({@code auto}, {@code nio}, {@code epoll}, {@code io-uring}). */
    public static Transport fromConfig(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The concrete transport to run: AUTO resolved, or this one; fails when this one cannot load here. */
    public Transport resolve() {
        if (this == AUTO) {
            return EPOLL.isAvailable() ? EPOLL : NIO;
        }
        if (!isAvailable()) {
            throw new IllegalStateException("transport " + configName() + " is not available on this system ("
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")" + cause());
        }
        return this;
    }

    public boolean isAvailable() {
        try {
            return available.getAsBoolean();
        } catch (LinkageError e) { // native library missing for this platform
            return false;
        }
    }

    public IoHandlerFactory ioHandlerFactory() {
        return concrete().ioHandlers.get();
    }

    public Class<? extends SocketChannel> socketChannel() {
        return concrete().socketChannel;
    }

    public Class<? extends ServerSocketChannel> serverSocketChannel() {
        return concrete().serverSocketChannel;
    }

    /** The spelling used in the config file ({@code io-uring}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private Transport concrete() {
        if (this == AUTO) {
            throw new IllegalStateException("resolve() the AUTO transport first");
        }
        return this;
    }

    private String cause() {
        Throwable t = switch (this) {
            case EPOLL -> Epoll.unavailabilityCause();
            case IO_URING -> IoUring.unavailabilityCause();
            default -> null;
        };
        return t == null ? "" : ": " + t.getMessage();
    }
}
