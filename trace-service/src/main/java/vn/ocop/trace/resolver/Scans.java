package vn.ocop.trace.resolver;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.function.BiConsumer;

/** What the resolver's two ways of answering (the fast path and the controller) share. */
final class Scans {

    static final String GS1 = "https://gs1.org/voc/";

    private Scans() {}

    /** The headers every representation of a resolved code carries. */
    static void commonHeaders(TraceRecord record, BiConsumer<String, String> header) {
        commonHeaders(record, linksetLink(record), pipLink(record), header);
    }

    static void commonHeaders(
            TraceRecord record, String linksetLink, String pipLink, BiConsumer<String, String> header) {
        header.accept("Vary", "Accept, Accept-Language");
        header.accept("Link", linksetLink);
        header.accept("Link", pipLink);
        // A package's page carries its own scan count, so no cache may keep it; a lot's may be revalidated.
        header.accept("Cache-Control", record.packageFacts() == null ? "no-cache" : "no-store");
    }

    static String linksetLink(TraceRecord record) {
        return "<" + record.uri() + "?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\"";
    }

    static String pipLink(TraceRecord record) {
        return "<" + record.product().storefrontUrl() + ">; rel=\"" + GS1 + "pip\"";
    }

    /** Whether the query asks for the English page ({@code lang=en}), read without building a parameter map. */
    static boolean english(String query) {
        if (query == null) {
            return false;
        }
        for (var pair : query.split("&")) {
            if (pair.equals("lang=en")) {
                return true;
            }
        }
        return false;
    }

    /** The coarse facts of a scan: what kind of client, and its first language. Nothing personal. */
    static Resolutions.Scan of(HttpServletRequest request) {
        var agent = lower(request.getHeader("User-Agent"));
        var accept = lower(request.getHeader("Accept"));
        String kind = accept.contains("text/html")
                ? (agent.contains("mobile") || agent.contains("android") || agent.contains("iphone")
                        ? "phone-browser"
                        : "browser")
                : "application";
        return new Resolutions.Scan(kind, language(request.getHeader("Accept-Language")));
    }

    /** The first language tag's primary subtag, when it looks like one ("vi-VN,vi;q=0.9" → "vi"). */
    static String language(String acceptLanguage) {
        if (acceptLanguage == null) {
            return null;
        }
        acceptLanguage = acceptLanguage.strip();
        int end = 0;
        while (end < acceptLanguage.length() && end < 4 && Character.isLetter(acceptLanguage.charAt(end))) {
            end++;
        }
        if (end < 2 || end > 3) {
            return null;
        }
        var tag = acceptLanguage.substring(0, end).toLowerCase(Locale.ROOT);
        return tag.chars().allMatch(c -> c >= 'a' && c <= 'z') ? tag : null;
    }

    private static String lower(String header) {
        return header == null ? "" : header.toLowerCase(Locale.ROOT);
    }
}
