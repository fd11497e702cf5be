package vn.ocop.trace.packages;

import java.security.SecureRandom;

/**
 * Package serials (GS1 AI 21): 20 symbols of Crockford's base 32, so 100 bits from a strong random
 * source. Unguessable, within GS1 CSET 82, and free of the letters people misread (I, L, O, U).
 */
final class Serials {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    static final int LENGTH = 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Serials() {}

    static String next() {
        var bytes = new byte[13]; // 104 bits, of which 100 are used
        RANDOM.nextBytes(bytes);
        var serial = new char[LENGTH];
        int bit = 0;
        for (int i = 0; i < LENGTH; i++, bit += 5) {
            int value = 0;
            for (int b = 0; b < 5; b++) {
                int index = bit + b;
                value = (value << 1) | ((bytes[index / 8] >> (7 - index % 8)) & 1);
            }
            serial[i] = ALPHABET[value];
        }
        return new String(serial);
    }
}
