package io.llmbench.core.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One client connection. The input buffer belongs to the I/O thread; sending, closing and the
 * current exchange are guarded by this object's lock, since the engine thread writes too.
 */
final class Connection {
    final SocketChannel channel;
    final SelectionKey key;
    private final SimServer server;

    // I/O thread only
    byte[] in = new byte[4096];
    int inLength;
    boolean continueSent;

    // guarded by this
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>(2);
    private boolean writeInterest;
    private boolean closed;
    private boolean closeAfterFlush;
    private Generation active;
    private boolean inputWaiting;

    Connection(SocketChannel channel, SelectionKey key, SimServer server) {
        this.channel = channel;
        this.key = key;
        this.server = server;
    }

    /**
     * Writes {@code buf} now as far as the socket takes it and queues the rest. When {@code keep}
     * is true the buffer is not reused by the caller and may be queued as it is; otherwise the rest
     * is copied. Returns false when the connection is closed.
     */
    boolean send(ByteBuffer buf, boolean keep) {
        Generation toCancel = null;
        synchronized (this) {
            if (closed) {
                return false;
            }
            int before = buf.remaining();
            try {
                if (pending.isEmpty()) {
                    while (buf.hasRemaining() && channel.write(buf) > 0) {
                        // keep writing while the socket accepts
                    }
                }
                server.bytesSent.add(before - buf.remaining());
                if (buf.hasRemaining()) {
                    if (keep) {
                        pending.add(buf);
                    } else {
                        ByteBuffer copy = ByteBuffer.allocate(buf.remaining());
                        copy.put(buf).flip();
                        pending.add(copy);
                    }
                    if (!writeInterest) {
                        writeInterest = true;
                        key.interestOpsOr(SelectionKey.OP_WRITE);
                        key.selector().wakeup();
                    }
                }
                return true;
            } catch (IOException | RuntimeException e) {
                toCancel = closeLocked();
            }
        }
        cancel(toCancel);
        return false;
    }

    /** I/O thread: the socket is writable again. */
    void flush() {
        Generation toCancel = null;
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                while (!pending.isEmpty()) {
                    ByteBuffer b = pending.peek();
                    int before = b.remaining();
                    channel.write(b);
                    server.bytesSent.add(before - b.remaining());
                    if (b.hasRemaining()) {
                        return;
                    }
                    pending.poll();
                }
                writeInterest = false;
                key.interestOps(SelectionKey.OP_READ);
                if (closeAfterFlush) {
                    toCancel = closeLocked();
                }
            } catch (IOException | RuntimeException e) {
                toCancel = closeLocked();
            }
        }
        cancel(toCancel);
    }

    /** Marks {@code g} as the exchange in progress: input is not parsed until it finishes. */
    synchronized void begin(Generation g) {
        active = g;
    }

    /**
     * The exchange is over (its last bytes were sent). Closes after flushing unless
     * {@code keepAlive}; otherwise asks the I/O thread to parse input that arrived meanwhile.
     */
    void finish(boolean keepAlive) {
        boolean parse = false;
        synchronized (this) {
            active = null;
            if (!keepAlive) {
                closeAfterFlushLocked();
            } else if (inputWaiting) {
                inputWaiting = false;
                parse = true;
            }
        }
        if (parse) {
            server.parseLater(this);
        }
    }

    /** I/O thread: input arrived; returns whether it may be parsed now (no exchange in progress). */
    synchronized boolean inputArrived() {
        if (active != null) {
            inputWaiting = true;
            return false;
        }
        return true;
    }

    /** Closes once everything queued has been written. */
    void closeAfterFlush() {
        Generation toCancel;
        synchronized (this) {
            toCancel = closeAfterFlushLocked();
        }
        cancel(toCancel);
    }

    private Generation closeAfterFlushLocked() {
        if (pending.isEmpty()) {
            return closeLocked();
        }
        closeAfterFlush = true;
        return null;
    }

    /** Closes now; an exchange in progress is cancelled. */
    void close() {
        Generation toCancel;
        synchronized (this) {
            toCancel = closeLocked();
        }
        cancel(toCancel);
    }

    synchronized boolean isClosed() {
        return closed;
    }

    private Generation closeLocked() {
        if (closed) {
            return null;
        }
        closed = true;
        pending.clear();
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        server.connectionClosed();
        Generation g = active;
        active = null;
        return g;
    }

    private void cancel(Generation g) {
        if (g != null) {
            server.engine().cancel(g);
        }
    }

    // ---- input buffer, I/O thread only ----

    void ensureInputRoom() {
        if (inLength == in.length) {
            in = Arrays.copyOf(in, in.length * 2);
        }
    }

    void consume(int n) {
        System.arraycopy(in, n, in, 0, inLength - n);
        inLength -= n;
        if (inLength == 0 && in.length > 64 * 1024) {
            in = new byte[4096];
        }
    }
}
