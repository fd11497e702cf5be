package vn.ocop.web;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Text as the platform keeps it. Every text value of a request body is composed (Unicode NFC): "Mật
 * ong" typed with combining marks (Unikey's "Unicode tổ hợp", text pasted from a PDF) is then the same
 * word as the composed one, for search, facets, filters and uniqueness alike. And it holds no control
 * characters but tab and line breaks, and no half of a surrogate pair: no name, address or description
 * needs them, PostgreSQL refuses NUL, and Elasticsearch's suggester refuses U+001E and U+001F, which
 * would stop every rebuild of the search index at that product.
 */
public final class PlainText {

    private PlainText() {}

    /** The composed form of {@code text} ({@code null} stays {@code null}). */
    public static String normalize(String text) {
        return text == null || Normalizer.isNormalized(text, Normalizer.Form.NFC)
                ? text
                : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /**
     * {@code text} as a key that matches however a Vietnamese name is typed: without diacritics (đ as d,
     * which Unicode does not decompose), so either tone placement ("hoà", "hòa") is one; in lower case;
     * its words (runs of letters and digits) one space apart. "Xã  Ba Chẽ" and "xa ba-che" are "xa ba che".
     */
    public static String fold(String text) {
        var bare = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD))
                .replaceAll("")
                .replace('đ', 'd')
                .replace('Đ', 'D')
                .toLowerCase(Locale.ROOT);
        return NOT_WORDS.matcher(bare).replaceAll(" ").strip();
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORDS = Pattern.compile("[^\\p{L}\\p{N}]+");

    /** Why {@code text} is not plain text, or {@code null} when it is. */
    public static String fault(String text) {
        for (int i = 0; i < text.length(); ) {
            int plain = plainAt(text, i);
            if (plain == 0) {
                char c = text.charAt(i);
                return Character.isSurrogate(c)
                        ? "must be valid Unicode text (half of a surrogate pair)"
                        : "must not hold control characters (found U+%04X)".formatted((int) c);
            }
            i += plain;
        }
        return null;
    }

    /**
     * {@code text} made plain rather than refused: each character {@link #fault} would name becomes U+FFFD;
     * then composed. For text the platform must keep whatever it holds, such as a bank's description of a
     * transfer that has been paid.
     */
    public static String scrub(String text) {
        var plain = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int length = plainAt(text, i);
            if (length == 0) {
                plain.append('\uFFFD');
                i++;
            } else {
                plain.append(text, i, i + length);
                i += length;
            }
        }
        return normalize(plain.toString());
    }

    /**
     * How many chars the character at {@code i} takes (2 for a surrogate pair), or 0 when it is not plain:
     * a control character other than tab and line breaks, or half of a surrogate pair alone.
     */
    private static int plainAt(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            return 2;
        }
        return Character.isSurrogate(c) || (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') ? 0 : 1;
    }

    /** Reads every text value of a body through {@link #fault} and {@link #normalize}. */
    static JacksonModule module() {
        return new SimpleModule("ocop-plain-text").addDeserializer(String.class, new Deserializer());
    }

    /** A text value refused, with the reason as {@link BodyErrors} reports it. */
    static final class Refused extends InvalidFormatException {
        private final String reason;

        Refused(JsonParser parser, String reason, String value) {
            super(parser, "Text refused: " + reason, value, String.class);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private static final class Deserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            var value = super.deserialize(parser, context);
            if (value == null) {
                return null;
            }
            var fault = fault(value);
            if (fault != null) {
                throw new Refused(parser, fault, value);
            }
            return normalize(value);
        }
    }
}
