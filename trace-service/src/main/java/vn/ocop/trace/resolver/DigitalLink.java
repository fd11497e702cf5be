package vn.ocop.trace.resolver;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A GS1 Digital Link URI for a trade item, read strictly: {@code /01/{gtin}[/22/{cpv}][/10/{lot}]
 * [/21/{serial}|/235/{tpx}]} with the key qualifiers in exactly that order, then data attributes
 * such as {@code ?17=YYMMDD} in the query string. Anything else is refused with the reason, so that
 * the resolver answers 400 and never guesses.
 *
 * @param gtin the GTIN as 14 digits (shorter GTINs are padded with zeros on the left)
 * @param attributes the data attributes of the query string, by AI
 * @param linkType the requested link type, such as {@code gs1:pip} or {@code linkset}, if any
 */
public record DigitalLink(
        String gtin,
        Optional<String> cpv,
        Optional<String> lot,
        Optional<String> serial,
        Optional<String> tpx,
        Map<String, String> attributes,
        Optional<String> linkType) {

    /** GS1 AI encodable character set 82, by ASCII code. */
    private static final boolean[] CSET_82 = new boolean[128];

    static {
        for (char c :
                "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".toCharArray()) {
            CSET_82[c] = true;
        }
    }

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /** Key qualifiers of a GTIN in the order the path must give them; 21 and 235 exclude each other. */
    private static final Map<String, Integer> QUALIFIER_ORDER = Map.of("22", 1, "10", 2, "21", 3, "235", 3);

    /** AIs that identify or qualify, and so belong in the path, never in the query. */
    private static final Set<String> PATH_AIS = Set.of("01", "22", "10", "21", "235");

    /** Data attributes this resolver understands, with the shape of their values. */
    private static final Map<String, Pattern> DATA_ATTRIBUTES = Map.ofEntries(
            Map.entry("11", Pattern.compile("\\d{6}")), // production date
            Map.entry("13", Pattern.compile("\\d{6}")), // packaging date
            Map.entry("15", Pattern.compile("\\d{6}")), // best before
            Map.entry("16", Pattern.compile("\\d{6}")), // sell by
            Map.entry("17", Pattern.compile("\\d{6}")), // expiry
            Map.entry("30", Pattern.compile("\\d{1,8}")), // variable count
            // (37), a count of trade items, goes with (02) or (8026), a logistic unit's contents: never (01).
            Map.entry("3100", Pattern.compile("\\d{6}")), // net weight, kg, 0-5 decimals
            Map.entry("3101", Pattern.compile("\\d{6}")),
            Map.entry("3102", Pattern.compile("\\d{6}")),
            Map.entry("3103", Pattern.compile("\\d{6}")),
            Map.entry("3104", Pattern.compile("\\d{6}")),
            Map.entry("3105", Pattern.compile("\\d{6}")),
            Map.entry("7007", Pattern.compile("\\d{6}(\\d{6})?")), // harvest date or range
            Map.entry("422", Pattern.compile("\\d{3}"))); // country of origin

    private static final Set<String> DATE_AIS = Set.of("11", "13", "15", "16", "17", "7007");

    /** Why a URI is not a valid Digital Link: {@code field} names the part at fault. */
    public static final class Invalid extends RuntimeException {
        private final String field;

        Invalid(String field, String reason) {
            super(reason);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * Reads the path (still percent-encoded, starting at {@code /01/}) and the raw query string (may be
     * null) of a request.
     *
     * @throws Invalid with the part at fault and why
     */
    public static DigitalLink parse(String rawPath, String rawQuery) {
        if (rawPath.endsWith("/")) {
            rawPath = rawPath.substring(0, rawPath.length() - 1);
        }
        var segments = rawPath.substring(rawPath.startsWith("/") ? 1 : 0).split("/", -1);
        if (segments.length % 2 != 0) {
            throw new Invalid("path", "every application identifier in the path needs a value");
        }
        if (!segments[0].equals("01")) {
            throw new Invalid("path", "the path must start with the GTIN, /01/{gtin}");
        }
        var gtin = gtin(decode(segments[1], "01", false));
        String cpv = null, lot = null, serial = null, tpx = null;
        int last = 0;
        for (int i = 2; i < segments.length; i += 2) {
            var ai = segments[i];
            var position = QUALIFIER_ORDER.get(ai);
            if (position == null) {
                throw new Invalid(
                        "path", "(" + ai + ") is not a key qualifier of a GTIN; only 22, 10, 21 and 235 may follow 01");
            }
            if (position <= last) {
                throw new Invalid(
                        "path", "(" + ai + ") is out of order or repeated: qualifiers come as 22, 10, then 21 or 235");
            }
            last = position;
            var value = decode(segments[i + 1], ai, false);
            switch (ai) {
                case "22" -> cpv = cset82(ai, value, 20);
                case "10" -> lot = cset82(ai, value, 20);
                case "21" -> serial = cset82(ai, value, 20);
                default -> tpx = cset82(ai, value, 28);
            }
        }
        var attributes = new LinkedHashMap<String, String>();
        String linkType = null;
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (var pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                var key = decode(eq < 0 ? pair : pair.substring(0, eq), "query", true);
                var value = eq < 0 ? "" : decode(pair.substring(eq + 1), key, true);
                if (key.equals("linkType")) {
                    linkType = value;
                } else if (DIGITS.matcher(key).matches()) {
                    if (PATH_AIS.contains(key)) {
                        throw new Invalid(
                                key, "(" + key + ") identifies the item and belongs in the path, not the query");
                    }
                    var shape = DATA_ATTRIBUTES.get(key);
                    if (shape == null) {
                        throw new Invalid(key, "(" + key + ") is not a data attribute this resolver knows");
                    }
                    if (!shape.matcher(value).matches()
                            || (DATE_AIS.contains(key) && !isDate(value, !key.equals("7007")))) {
                        throw new Invalid(key, "(" + key + ") has a malformed value");
                    }
                    if (attributes.put(key, value) != null) {
                        throw new Invalid(key, "(" + key + ") appears more than once");
                    }
                }
                // any other non-numeric parameter is not ours and is ignored
            }
        }
        return new DigitalLink(
                gtin,
                Optional.ofNullable(cpv),
                Optional.ofNullable(lot),
                Optional.ofNullable(serial),
                Optional.ofNullable(tpx),
                attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(attributes),
                Optional.ofNullable(linkType));
    }

    /** The canonical URI under {@code base}: GTIN-14 and the qualifiers in order, attributes left out. */
    public String canonical(String base) {
        var uri = new StringBuilder(base).append("/01/").append(gtin);
        cpv.ifPresent(v -> uri.append("/22/").append(encode(v)));
        lot.ifPresent(v -> uri.append("/10/").append(encode(v)));
        serial.ifPresent(v -> uri.append("/21/").append(encode(v)));
        tpx.ifPresent(v -> uri.append("/235/").append(encode(v)));
        return uri.toString();
    }

    /**
     * Percent-encodes a CSET 82 value for a path segment. Only RFC 3986's unreserved characters stay as
     * they are, as GS1's own Digital Link generator has it: a sub-delimiter such as {@code ;} printed raw
     * would reach the web server as a path parameter.
     */
    public static String encode(String value) {
        var out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }

    /** GTIN-8, -12, -13 or -14 with a valid check digit, as 14 digits. */
    private static String gtin(String value) {
        int length = value.length();
        if (!(length == 8 || (length >= 12 && length <= 14)) || !allDigits(value)) {
            throw new Invalid("01", "(01) must be a GTIN of 8, 12, 13 or 14 digits");
        }
        var padded = "0".repeat(14 - value.length()) + value;
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            sum += (padded.charAt(i) - '0') * (i % 2 == 0 ? 3 : 1);
        }
        if ((10 - sum % 10) % 10 != padded.charAt(13) - '0') {
            throw new Invalid("01", "(01) has a wrong check digit");
        }
        return padded;
    }

    private static String cset82(String ai, String value, int max) {
        if (value.isEmpty() || value.length() > max) {
            throw new Invalid(ai, "(" + ai + ") must be 1 to " + max + " characters");
        }
        if (!inCset82(value)) {
            throw new Invalid(ai, "(" + ai + ") may only use GS1 CSET 82 characters (no spaces or diacritics)");
        }
        return value;
    }

    private static boolean allDigits(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean inCset82(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 128 || !CSET_82[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code value} holds GS1 dates (YYMMDD; for (7007) a harvest date or a range of two): a real
     * day of its month, or, where {@code wholeMonth} allows it (the dates of (11) to (17), not a harvest
     * date), day 00 for a month as a whole. The year is taken in 2000-2099, where leap years fall as in
     * the years GS1's century window gives.
     */
    private static boolean isDate(String value, boolean wholeMonth) {
        for (int start = 0; start < value.length(); start += 6) {
            int year = 2000 + Integer.parseInt(value.substring(start, start + 2));
            int month = Integer.parseInt(value.substring(start + 2, start + 4));
            int day = Integer.parseInt(value.substring(start + 4, start + 6));
            if (month < 1
                    || month > 12
                    || day > YearMonth.of(year, month).lengthOfMonth()
                    || (day == 0 && !wholeMonth)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Percent-decoding as RFC 3986 has it, each escape two hex digits; {@code +} is a space only in
     * the query. A bad escape is laid to {@code field}.
     */
    private static String decode(String raw, String field, boolean query) {
        if (raw.indexOf('%') < 0 && (!query || raw.indexOf('+') < 0)) {
            return raw; // nothing escaped: most codes, as printed
        }
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new Invalid(field, "a percent-escape is cut short");
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new Invalid(field, "a percent-escape is not two hex digits");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+' && query) {
                bytes.write(' ');
            } else {
                var encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
