package vn.ocop.catalog.search;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Vietnamese writes the tone of an open syllable ending in "oa", "oe" or "uy" either on the first vowel
 * (the older placement: "hòa", "khỏe", "thủy") or on the second ("hoà", "khoẻ", "thuỷ"); both are in
 * everyday use, and a shopper's keyboard may use the other one than the producer's. Put on the second
 * here, for the field that ranks exact diacritics first, so that the two spellings are one word there
 * as they are to a reader. "Quý", "của", "hoàng" have one placement only and stay as they are.
 */
final class ToneMarks {

    /** A tone mark, as Unicode decomposes it: grave, acute, tilde, hook above, dot below. */
    private static final String TONE = "[\u0300\u0301\u0303\u0309\u0323]";

    private static final String END_OF_SYLLABLE = "(?![\\p{L}\\p{M}])";

    private static final Pattern OA_OE = Pattern.compile("([oO])(" + TONE + ")([aAeE])" + END_OF_SYLLABLE);
    private static final Pattern UY = Pattern.compile("(?<![qQ])([uU])(" + TONE + ")([yY])" + END_OF_SYLLABLE);

    private ToneMarks() {}

    /** {@code text} with each tone of "oa", "oe" and "uy" on the second vowel; composed (NFC). */
    static String canonical(String text) {
        var decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        var placed = UY.matcher(OA_OE.matcher(decomposed).replaceAll("$1$3$2")).replaceAll("$1$3$2");
        return Normalizer.normalize(placed, Normalizer.Form.NFC);
    }
}
