package vn.ocop.trace.batch;

import java.util.regex.Pattern;

/**
 * A GS1 lot or batch number (AI 10): 1 to 20 characters of GS1 CSET 82, the character set allowed
 * in GS1 element strings. No spaces and no diacritics: commune or farm names belong in the record.
 */
public record Lot(String value) {

    /**
     * GS1 CSET 82: ! " % & ' ( ) * + , - . / 0-9 : ; < = > ? A-Z _ a-z; but not "." or ".." alone, a
     * dot segment that browsers remove from a printed Digital Link.
     */
    public static final String SYNTAX = "(?!\\.\\.?$)[!\"%&'()*+,\\-./0-9:;<=>?A-Z_a-z]{1,20}";

    private static final Pattern CSET_82 = Pattern.compile(SYNTAX);

    public Lot {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a GS1 lot: " + value);
        }
    }

    public static boolean isValid(String value) {
        return value != null && CSET_82.matcher(value).matches();
    }
}
