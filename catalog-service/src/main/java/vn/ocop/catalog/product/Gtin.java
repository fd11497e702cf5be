package vn.ocop.catalog.product;

/**
 * A GS1 GTIN-14: fourteen digits, the last a mod-10 check digit (weights 3, 1, 3, 1 … from the
 * right, not counting the check digit).
 */
public record Gtin(String value) {

    public Gtin {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a GTIN-14 with a valid check digit: " + value);
        }
    }

    public static boolean isValid(String value) {
        if (value == null || !value.matches("\\d{14}")) {
            return false;
        }
        return checkDigit(value.substring(0, 13)) == value.charAt(13) - '0';
    }

    /** The check digit for the first thirteen digits of a GTIN-14. */
    public static int checkDigit(String first13) {
        int sum = 0;
        for (int i = 0; i < first13.length(); i++) {
            int digit = first13.charAt(first13.length() - 1 - i) - '0';
            sum += digit * (i % 2 == 0 ? 3 : 1);
        }
        return (10 - sum % 10) % 10;
    }
}
