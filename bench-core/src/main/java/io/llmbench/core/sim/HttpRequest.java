package io.llmbench.core.sim;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One parsed HTTP/1.x request, and the incremental parser that finds it in a connection's input.
 * Immutable once built.
 */
final class HttpRequest {
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    final String method;
    final String path;
    final boolean http11;
    final Map<String, String> headers;
    final byte[] body;
    final boolean keepAlive;

    private HttpRequest(String method, String path, boolean http11, Map<String, String> headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.http11 = http11;
        this.headers = headers;
        this.body = body;
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        this.keepAlive = http11 ? !connection.contains("close") : connection.contains("keep-alive");
    }

    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /** A request the parser refused; answered with {@code status} and the connection closed. */
    static final class BadHttp extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadHttp(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The outcome of one parse attempt. */
    static final class Parse {
        /** The request, or null when more input is needed. */
        HttpRequest request;
        /** Bytes of input the request used. */
        int consumed;
        /** Whether the head is complete and asks for {@code 100 Continue} (body still missing). */
        boolean expectsContinue;
    }

    /**
     * Looks for one complete request in {@code buf[0, len)}.
     *
     * @throws BadHttp when the input cannot be a valid request
     */
    static Parse parse(byte[] buf, int len) throws BadHttp {
        Parse result = new Parse();
        int headEnd = indexOf(buf, len, 0);
        if (headEnd < 0) {
            if (len > MAX_HEAD_BYTES) {
                throw new BadHttp(431, "request head must be <= " + MAX_HEAD_BYTES + " bytes, but was longer");
            }
            return result;
        }
        String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        int start = 0;
        while (start < lines.length && lines[start].isEmpty()) {
            start++; // tolerate empty lines before the request line (RFC 9112 2.2)
        }
        if (start == lines.length) {
            throw new BadHttp(400, "request line must not be empty");
        }
        String[] requestLine = lines[start].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw new BadHttp(requestLine.length == 3 && requestLine[2].startsWith("HTTP/") ? 505 : 400,
                    "request line must be 'METHOD target HTTP/1.x', but was '" + truncate(lines[start]) + "'");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = start + 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new BadHttp(400, "header line must be 'name: value', but was '" + truncate(lines[i]) + "'");
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        int bodyStart = headEnd + 4;
        byte[] body;
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            int[] end = new int[1];
            body = dechunk(buf, bodyStart, len, end);
            if (body == null) {
                result.expectsContinue = expectsContinue(headers);
                return result;
            }
            result.consumed = end[0];
        } else {
            long length = 0;
            String cl = headers.get("content-length");
            if (cl != null) {
                try {
                    length = Long.parseLong(cl.trim());
                } catch (NumberFormatException e) {
                    throw new BadHttp(400, "content-length must be a number, but was '" + truncate(cl) + "'");
                }
                if (length < 0 || length > MAX_BODY_BYTES) {
                    throw new BadHttp(length < 0 ? 400 : 413,
                            "content-length must be >= 0 and <= " + MAX_BODY_BYTES + ", but was " + length);
                }
            }
            if (len - bodyStart < length) {
                result.expectsContinue = expectsContinue(headers);
                return result;
            }
            body = java.util.Arrays.copyOfRange(buf, bodyStart, bodyStart + (int) length);
            result.consumed = bodyStart + (int) length;
        }
        String target = requestLine[1];
        int q = target.indexOf('?');
        String path = q >= 0 ? target.substring(0, q) : target;
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        result.request = new HttpRequest(requestLine[0], path, requestLine[2].equals("HTTP/1.1"), headers, body);
        return result;
    }

    private static boolean expectsContinue(Map<String, String> headers) {
        String expect = headers.get("expect");
        return expect != null && expect.equalsIgnoreCase("100-continue");
    }

    /** Index of CRLFCRLF in buf[from, len), or -1. */
    private static int indexOf(byte[] buf, int len, int from) {
        for (int i = from; i + 3 < len; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Decodes a chunked body starting at {@code pos}; null when incomplete. end[0] = first byte after it. */
    private static byte[] dechunk(byte[] buf, int pos, int len, int[] end) throws BadHttp {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            int lineEnd = lineEnd(buf, pos, len);
            if (lineEnd < 0) {
                return null;
            }
            String sizeText = new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
            int semi = sizeText.indexOf(';');
            if (semi >= 0) {
                sizeText = sizeText.substring(0, semi);
            }
            int size;
            try {
                size = Integer.parseInt(sizeText.trim(), 16);
            } catch (NumberFormatException e) {
                throw new BadHttp(400, "chunk size must be hexadecimal, but was '" + truncate(sizeText) + "'");
            }
            if (size < 0 || out.size() + (long) size > MAX_BODY_BYTES) {
                throw new BadHttp(413, "request body must be <= " + MAX_BODY_BYTES + " bytes, but was longer");
            }
            pos = lineEnd + 2;
            if (size == 0) {
                // trailers until an empty line
                while (true) {
                    int te = lineEnd(buf, pos, len);
                    if (te < 0) {
                        return null;
                    }
                    boolean empty = te == pos;
                    pos = te + 2;
                    if (empty) {
                        end[0] = pos;
                        return out.toByteArray();
                    }
                }
            }
            if (len - pos < size + 2) {
                return null;
            }
            out.write(buf, pos, size);
            pos += size + 2;
        }
    }

    private static int lineEnd(byte[] buf, int from, int len) {
        for (int i = from; i + 1 < len; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String truncate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
