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
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The load's HTTP/1.1 client: a pool of keep-alive connections, each used by one thread at a time, which writes a
 * request and reads its answer on the calling thread.
 *
 * <p>Why not the JDK's {@code HttpClient}: it hands every exchange between the caller, its selector thread and its
 * executor, and on this two-core machine, which the harness shares with the service and PostgreSQL, it took about a
 * millisecond of CPU per command at one client (docs/benchmarks.md, change 70), a quarter of what the service
 * itself spent, and its thread wake-ups were part of every latency measured. A load generator should cost little
 * beside what it loads, as wrk or h2load do; this one writes the same request (method, path, {@code Host},
 * {@code Authorization}, {@code Content-Type}, {@code Content-Length}, body) and reads {@code Content-Length} and
 * chunked answers.
 */
final class PlainHttp {

    /** A connection idle this long is closed rather than reused: well below a server's keep-alive timeout. */
    private static final long IDLE_NANOS = 5_000_000_000L;
    private static final int TIMEOUT_MILLIS = 60_000;

    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private final String hostHeader;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    PlainHttp(URI base) {
        this.host = base.getHost();
        this.port = base.getPort() == -1 ? 80 : base.getPort();
        this.hostHeader = host + ":" + port;
    }

    Response post(String path, String authorization, String contentType, byte[] body) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: " + authorization
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        Connection connection = take();
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
        }
    }

    private Connection take() throws IOException {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            if (System.nanoTime() - connection.lastUsed < IDLE_NANOS) {
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
            String statusLine = line();
            // "HTTP/1.1 200 " or "HTTP/1.1 200 OK"
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> closeAfter |= value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            byte[] content;
            if (chunked) {
                content = chunkedBody();
            } else if (length >= 0) {
                content = in.readNBytes((int) length);
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
                int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
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
