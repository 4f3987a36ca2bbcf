package io.llmbench.core.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated endpoint's transport: one non-blocking HTTP/1.1 I/O thread that accepts, reads,
 * frames requests and hands each to the {@link OpenAiRoutes}; it knows nothing of the OpenAI API.
 * Everything here runs on the I/O thread except {@link #parseLater} and {@link #wakeup}.
 */
final class SimTransport implements Runnable {
    private final SimServer server;
    private final OpenAiRoutes routes;
    private final Selector selector;
    private final ServerSocketChannel serverChannel;
    private final int port;
    private final ConcurrentLinkedQueue<Connection> parseQueue = new ConcurrentLinkedQueue<>();
    private final List<Connection> connections = new ArrayList<>();   // I/O thread only
    private final Bytes ioOut = new Bytes(1024);                      // I/O thread only
    final AtomicInteger open = new AtomicInteger();

    SimTransport(SimServer server, OpenAiRoutes routes, String host, int port) throws IOException {
        this.server = server;
        this.routes = routes;
        this.selector = Selector.open();
        this.serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverChannel.bind(new InetSocketAddress(host, port), 16_384);
            serverChannel.configureBlocking(false);
            serverChannel.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            serverChannel.close();
            selector.close();
            throw e;
        }
        this.port = ((InetSocketAddress) serverChannel.getLocalAddress()).getPort();
    }

    int port() {
        return port;
    }

    /** Asks the I/O thread to parse {@code c}'s buffered input (its exchange finished on another thread). */
    void parseLater(Connection c) {
        parseQueue.add(c);
        selector.wakeup();
    }

    /** Wakes the I/O thread so it sees that the server closed. */
    void wakeup() {
        selector.wakeup();
    }

    /** Writes a whole JSON response with {@code scratch} (a buffer of the I/O thread). */
    static void sendJson(Bytes scratch, Connection c, int status, String headers, String body, boolean keepAlive) {
        scratch.reset();
        Wire.json(scratch, status, headers, body, keepAlive);
        c.send(scratch.wrap(), false);
        if (!keepAlive) {
            c.closeAfterFlush();
        }
    }

    @Override
    public void run() {
        try {
            while (!server.isClosed()) {
                selector.select(1000);
                Connection p;
                while ((p = parseQueue.poll()) != null) {
                    if (!p.isClosed()) {
                        processInput(p);
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    try {
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            accept();
                            continue;
                        }
                        Connection c = (Connection) key.attachment();
                        if (key.isWritable()) {
                            c.flush();
                        }
                        if (key.isValid() && key.isReadable()) {
                            read(c);
                        }
                    } catch (java.nio.channels.CancelledKeyException e) {
                        // closed by the engine meanwhile
                    }
                }
                selector.selectedKeys().clear();
                if (connections.size() > 1024 && connections.size() > 2 * open.get()) {
                    connections.removeIf(Connection::isClosed);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!server.isClosed()) {
                server.log().error("simulated endpoint I/O loop failed", e);
            }
        } finally {
            shutdown();
        }
    }

    private void shutdown() {
        for (Connection c : connections) {
            c.close();
        }
        try {
            serverChannel.close();
            selector.close();
        } catch (IOException e) {
            server.log().debug("closing the simulated endpoint", e);
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = serverChannel.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            Connection c = new Connection(ch, key, server);
            key.attach(c);
            connections.add(c);
            open.incrementAndGet();
        }
    }

    private void read(Connection c) {
        int n;
        try {
            c.ensureInputRoom();
            n = c.channel.read(ByteBuffer.wrap(c.in, c.inLength, c.in.length - c.inLength));
        } catch (IOException e) {
            c.close();
            return;
        }
        if (n < 0) {
            c.close();
            return;
        }
        c.inLength += n;
        if (c.inputArrived()) {
            processInput(c);
        }
    }

    /** Parses and handles every complete request in {@code c}'s input while no exchange is in progress. */
    private void processInput(Connection c) {
        while (c.inLength > 0 && !c.isClosed()) {
            HttpRequest.Parse p;
            try {
                p = HttpRequest.parse(c.in, c.inLength);
            } catch (HttpRequest.BadHttp e) {
                sendJson(ioOut, c, e.status, "", Wire.errorBody(e.getMessage(), "invalid_request_error", null, null), false);
                server.rejected.increment();
                return;
            }
            if (p.request == null) {
                if (p.expectsContinue && !c.continueSent) {
                    c.continueSent = true;
                    c.send(ByteBuffer.wrap(Wire.ascii("HTTP/1.1 100 Continue\r\n\r\n")), true);
                }
                return;
            }
            c.continueSent = false;
            c.consume(p.consumed);
            if (routes.handle(c, p.request) && (c.inLength == 0 || !c.inputArrived())) {
                return; // an exchange is in progress; input left is parsed when it finishes
            }
        }
    }
}
