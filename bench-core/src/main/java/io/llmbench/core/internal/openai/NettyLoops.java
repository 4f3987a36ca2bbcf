package io.llmbench.core.internal.openai;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops all Netty clients of this process share: one per core, native epoll where it
 * loads, NIO elsewhere. Reference-counted: created by the first client, shut down when the last
 * one closes. Thread-safe.
 */
final class NettyLoops {
    private static final Logger log = LoggerFactory.getLogger(NettyLoops.class);
    private static NettyLoops shared;

    final EventLoopGroup group;
    final Class<? extends SocketChannel> channelType;
    final boolean epoll;
    private final List<ScheduledExecutorService> loops;
    private int users;

    private NettyLoops() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("llmbench-loop", true), io);
        channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        List<ScheduledExecutorService> l = new ArrayList<>();
        for (EventExecutor e : group) {
            l.add(e);
        }
        loops = List.copyOf(l);
        if (!epoll) {
            log.debug("native epoll unavailable ({}); using NIO", String.valueOf(Epoll.unavailabilityCause()));
        }
        log.debug("{} event loops ({})", threads, epoll ? "epoll" : "nio");
    }

    /** The shared loops, created when no client holds them. Pair with {@link #release()}. */
    static synchronized NettyLoops acquire() {
        if (shared == null) {
            shared = new NettyLoops();
        }
        shared.users++;
        return shared;
    }

    /** Gives the loops back; the last client's release shuts them down. */
    void release() {
        synchronized (NettyLoops.class) {
            if (--users > 0) {
                return;
            }
            if (shared == this) {
                shared = null;
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    /** Whether the calling thread is one of the loops. */
    boolean isLoopThread() {
        for (EventExecutor e : group) {
            if (e.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

        /** The event loops, as schedulers. */
    List<ScheduledExecutorService> loops() {
        return loops;
    }
}
