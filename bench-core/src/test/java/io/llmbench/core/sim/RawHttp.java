package io.llmbench.core.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw HTTP/1.1 connection for the tests that need to see bytes and silences exactly. */
final class RawHttp implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    RawHttp(SimulatedEndpoint sim) throws IOException {
        socket = new Socket("127.0.0.1", sim.port());
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    static String post(String path, String body, String... extraHeaders) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("POST /v1" + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").append(body).toString();
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Reads until {@code marker} has been received {@code times} times in total; returns everything so far. */
    String readUntil(String marker, int times, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[8192];
        while (count(text(), marker) < times) {
            int n = in.read(buf);
            if (n < 0) {
                throw new IOException("connection closed after: " + text());
            }
            received.write(buf, 0, n);
        }
        return text();
    }

    /** Reads until the server closes; returns everything received. */
    String readToEnd(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            received.write(buf, 0, n);
        }
        return text();
    }

    /** Whether nothing arrives within {@code millis} while the connection stays open. */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            int b = in.read();
            if (b >= 0) {
                received.write(b);
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }

    String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    static int count(String s, String marker) {
        int n = 0;
        for (int i = s.indexOf(marker); i >= 0; i = s.indexOf(marker, i + marker.length())) {
            n++;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
