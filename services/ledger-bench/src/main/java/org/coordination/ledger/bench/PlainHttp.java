package org.coordination.ledger.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The load's HTTP/1.1 client: a pool of keep-alive connections, each used by one thread at a time, which writes a
 * request and reads its answer on the calling thread.
 *
 * <p>Why not the JDK's {@code HttpClient}: it hands every exchange between the caller, its selector thread and its
 * executor, and on this two-core machine, which the harness shares with the service and PostgreSQL, the harness
 * took 1.5–2.0 ms of CPU per command at one client with it (0.35–0.55 with this one, both upper bounds that include its
 * start; docs/benchmarks.md, change 70),
 * more than half of what the service itself spent, and its thread wake-ups were part of every latency measured. A load generator should cost little
 * beside what it loads, as wrk or h2load do; this one writes the same request (method, path, {@code Host},
 * {@code Authorization}, {@code Content-Type}, {@code Content-Length}, body) and reads {@code Content-Length} and
 * chunked answers. {@link #close()} closes every connection, also those in use, so that a load whose pool is shut
 * down stops: a blocking socket read, unlike the JDK client's wait, does not end on an interrupt.
 */
final class PlainHttp implements AutoCloseable {

    /** A connection idle this long is closed rather than reused: well below a server's keep-alive timeout. */
    static final long IDLE_NANOS = 5_000_000_000L;
    private static final int TIMEOUT_MILLIS = 60_000;

    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private final String hostHeader;
    private final long idleNanos;
    /** Most recently used first: reused from the head, expired from the tail. */
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Set<Connection> inUse = ConcurrentHashMap.newKeySet();

    PlainHttp(URI base) {
        this(base, IDLE_NANOS);
    }

    PlainHttp(URI base, long idleNanos) {
        this.host = base.getHost();
        this.port = base.getPort() == -1 ? 80 : base.getPort();
        this.hostHeader = host + ":" + port;
        this.idleNanos = idleNanos;
    }

    /** Closes every connection, idle or in use; a request in flight then fails with an IOException. */
    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            connection.close();
        }
        inUse.forEach(Connection::close);
    }

    Response post(String path, String authorization, String contentType, byte[] body) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: " + authorization
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        Connection connection = take();
        inUse.add(connection);
        try {
            Response response = connection.exchange(head.getBytes(StandardCharsets.ISO_8859_1), body);
            if (connection.open()) {
                connection.lastUsed = System.nanoTime();
                idle.push(connection);
            }
            return response;
        } catch (IOException | RuntimeException failure) {
            connection.close();
            throw failure;
        } finally {
            inUse.remove(connection);
        }
    }

    private Connection take() throws IOException {
        long now = System.nanoTime();
        Connection oldest;
        while ((oldest = idle.peekLast()) != null && now - oldest.lastUsed >= idleNanos) {
            if (idle.removeLastOccurrence(oldest)) {
                oldest.close();
            }
        }
        Connection connection;
        while ((connection = idle.poll()) != null) {
            // open(): close() may have closed one that a finishing request then put back
            if (connection.open() && now - connection.lastUsed < idleNanos) {
                return connection;
            }
            connection.close();
        }
        return new Connection(host, port);
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean closeAfter;
        long lastUsed;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        boolean open() {
            return !closeAfter && !socket.isClosed();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection that failed
            }
        }

        Response exchange(byte[] head, byte[] body) throws IOException {
            byte[] request = new byte[head.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            out.write(request);
            out.flush();
            int status;
            int length;
            boolean chunked;
            do {
                String statusLine = line();
                // "HTTP/1.1 200 " or "HTTP/1.1 200 OK"
                if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                    throw new IOException("not an HTTP/1.x status line: " + statusLine);
                }
                status = number(statusLine.substring(9, 12), 10, "status");
                // an HTTP/1.0 answer keeps its connection only if it says so
                boolean keepAlive = !statusLine.startsWith("HTTP/1.0");
                length = -1;
                chunked = false;
                for (String header = line(); !header.isEmpty(); header = line()) {
                    int colon = header.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                    switch (name) {
                        case "content-length" -> length = number(value, 10, "Content-Length");
                        case "transfer-encoding" -> chunked = value.contains("chunked");
                        case "connection" -> {
                            for (String token : value.split(",")) {
                                closeAfter |= token.trim().equals("close");
                                keepAlive |= token.trim().equals("keep-alive");
                            }
                        }
                        default -> {
                        }
                    }
                }
                closeAfter |= !keepAlive;
                // an interim answer (1xx, not sent for anything this client asks) is followed by the real one
            } while (status >= 100 && status < 200 && status != 101);
            byte[] content;
            if (status < 200 || status == 204 || status == 304) {
                // no body, whatever the headers say (RFC 9112, 6.3); a 101 switches protocols, which this client does
                // not speak, so the connection is not reused
                content = new byte[0];
                closeAfter |= status == 101;
            } else if (chunked) {
                content = chunkedBody();
            } else if (length >= 0) {
                content = in.readNBytes(length);
                if (content.length != length) {
                    throw new EOFException("the answer ended after " + content.length + " of " + length + " bytes");
                }
            } else {
                // neither: the body runs to the end of the connection
                content = in.readAllBytes();
                closeAfter = true;
            }
            if (closeAfter) {
                close();
            }
            return new Response(status, new String(content, StandardCharsets.UTF_8));
        }

        private byte[] chunkedBody() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int extension = sizeLine.indexOf(';');
                int size = number((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16, "chunk size");
                if (size == 0) {
                    while (!line().isEmpty()) {
                        // trailers, none expected
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length != size) {
                    throw new EOFException("a chunk ended early");
                }
                body.writeBytes(chunk);
                line();
            }
        }

        private static int number(String text, int radix, String what) throws IOException {
            try {
                return Integer.parseInt(text, radix);
            } catch (NumberFormatException notANumber) {
                throw new IOException("the answer's " + what + " is not a number: " + text);
            }
        }

        /** A header line without its CRLF, in ISO-8859-1 as HTTP/1.1's are. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the connection closed mid-answer");
                }
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) b);
            }
        }
    }
}
