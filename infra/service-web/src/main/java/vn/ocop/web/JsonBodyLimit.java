package vn.ocop.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * JSON request bodies of at most {@code ocop.web.max-json-body}. Spring MVC reads a JSON body whole
 * before any {@code @Size} can look at it, so a body of a gigabyte would be held in memory first: one
 * that says it is larger is answered 413 before it is read, and one sent without its length is read
 * only up to the limit, where reading fails with {@link TooLarge} (413 too, see {@link
 * ProblemDetailsAdvice}). Uploads are multipart, with limits of their own.
 */
final class JsonBodyLimit extends OncePerRequestFilter {

    private final long limit;
    private final ProblemAuthenticationHandlers problems;

    JsonBodyLimit(long limit, ProblemAuthenticationHandlers problems) {
        this.limit = limit;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!json(request.getContentType())) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            problems.write(response, request, HttpStatus.CONTENT_TOO_LARGE, "body-too-large", detail(limit));
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    static String detail(long limit) {
        return "A JSON body may be at most " + limit + " bytes.";
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            var type = MediaType.parseMediaType(contentType);
            return "json".equals(type.getSubtype()) || "json".equals(type.getSubtypeSuffix());
        } catch (IllegalArgumentException malformed) {
            return false; // no converter reads it either: a 415
        }
    }

    /** Reading past the limit of a body sent without its length. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super(detail(limit));
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream body;
        private BufferedReader reader;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new Counted(super.getInputStream(), limit);
            }
            return body;
        }

        /** Read through the counted stream too: the container's own reader would bypass it. */
        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                Charset charset;
                try {
                    charset = getCharacterEncoding() == null
                            ? StandardCharsets.UTF_8
                            : Charset.forName(getCharacterEncoding());
                } catch (IllegalArgumentException unknown) {
                    throw new UnsupportedEncodingException(getCharacterEncoding()); // as the container says it
                }
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class Counted extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counted(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(limit);
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
