package org.coordination.ledger.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP over a plain socket, for what java.net.http refuses to send: control and non-ASCII bytes in
 * headers, malformed request lines, CONNECT, oversized headers. Each exchange is one connection that
 * the request asks to close; the answer is read to the end of the stream.
 */
public final class RawHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What came back: status, headers by lower-case name (first value), body as text. */
    public record Response(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String contentType() {
            return header("Content-Type");
        }

        public boolean isProblem() {
            return contentType() != null && contentType().startsWith("application/problem+json");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    private RawHttp() {
    }

    /** Head lines (request line and headers, without the blank line) as ISO-8859-1 text; the body as given. */
    public static Response exchange(int port, String head, byte[] body) {
        return exchange(port, head.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    /** The head as raw bytes, for bytes that are not ISO-8859-1 text (UTF-8 in a header value). */
    public static Response exchange(int port, byte[] head, byte[] body) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head);
        request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null && body.length > 0) {
            request.writeBytes(body);
        }
        return send(port, request.toByteArray());
    }

    /** Bytes exactly as given: the caller writes the request line, the headers and the blank line. */
    public static Response send(int port, byte[] request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException closedEarly) {
                // the server may answer and close before it has read everything (an oversized request): read the answer
            }
            return parse(readAll(socket.getInputStream()), startsWith(request, "HEAD "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean startsWith(byte[] request, String prefix) {
        return new String(request, 0, Math.min(request.length, prefix.length()), StandardCharsets.ISO_8859_1).equals(prefix);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
            }
        } catch (SocketException reset) {
            // a reset after the answer (the server closing on unread request bytes) still leaves the answer
            if (out.size() == 0) {
                throw reset;
            }
        }
        return out.toByteArray();
    }

    static Response parse(byte[] raw, boolean head) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0) {
            throw new AssertionError("Not an HTTP/1.x answer: " + (text.length() > 200 ? text.substring(0, 200) : text));
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = new byte[0];
        if (!head) {
            byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(rest) : rest;
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
