package org.coordination.ledger.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.coordination.ledger.problem.ApiProblem;
import org.coordination.ledger.problem.ProblemMapper;
import org.coordination.ledger.security.RoutedPath;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Commands are small; a body above the limit (64 KiB by default) is refused with 413 before anything
 * parses it, whether it announces its length or streams in chunks.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final int limit;
    private final ObjectMapper json;

    RequestSizeLimitFilter(@Value("${ledger.api.max-request-bytes:65536}") int limit, ObjectMapper json) {
        this.limit = limit;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RoutedPath.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long announced = request.getContentLengthLong();
        if (announced > limit) {
            refuse(response);
            return;
        }
        // a body of announced length is read into one array of that length (the container delivers no more);
        // a chunked one through a buffer, up to one byte past the limit
        byte[] body = announced >= 0 ? request.getInputStream().readNBytes((int) announced) : readUpTo(request.getInputStream(), limit + 1);
        if (body.length > limit) {
            refuse(response);
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private void refuse(HttpServletResponse response) throws IOException {
        var problem = ProblemMapper.problem(HttpStatus.PAYLOAD_TOO_LARGE, "request-too-large", "Request too large",
                "The body exceeds " + limit + " bytes");
        problem.setProperty("errors", java.util.List.of(new ApiProblem.FieldError("body", "at most " + limit + " bytes")));
        response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader("Connection", "close");
        json.writeValue(response.getOutputStream(), problem);
    }

    private static byte[] readUpTo(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while (out.size() < max && (read = in.read(buffer, 0, Math.min(buffer.length, max - out.size()))) != -1) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    /** The request with its body already read, for everything downstream. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                // InputStream's own readAllBytes reads through a new 16 KB buffer and copies; every command's body
                // was read so, about an eighth of what the service allocated per command (docs/benchmarks.md, change 71)
                @Override
                public byte[] readAllBytes() {
                    return in.readAllBytes();
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
