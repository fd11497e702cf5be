package vn.ocop.order.payment;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The VietQR bank-transfer code (NAPAS, EMVCo merchant-presented format): nested TLV fields of a
 * two-digit id, a two-digit length and a value, closed by a CRC-16/CCITT-FALSE over everything
 * before it, "6304" included. A dynamic code carries the amount and a purpose text that the bank
 * echoes in the transfer.
 */
public final class VietQr {

    private static final String NAPAS_GUID = "A000000727";
    private static final String TRANSFER_TO_ACCOUNT = "QRIBFTTA";

    private VietQr() {}

    /**
     * The payload for a transfer of {@code amountVnd} to {@code account} at the bank with the NAPAS BIN
     * {@code bankBin}, with {@code purpose} (short ASCII) as the transfer's description.
     */
    /** The largest amount field 54 can hold: 13 digits of đồng. */
    public static final long MAX_AMOUNT_VND = 9_999_999_999_999L;

    public static String payload(String bankBin, String account, long amountVnd, String purpose) {
        if (!bankBin.matches("\\d{6}")) {
            throw new IllegalArgumentException("A bank BIN has six digits");
        }
        if (!account.matches("[0-9A-Za-z]{1,19}")) {
            throw new IllegalArgumentException("An account number has 1-19 letters or digits");
        }
        if (amountVnd <= 0 || amountVnd > MAX_AMOUNT_VND) {
            throw new IllegalArgumentException("The amount must be between 1 and 13 digits of đồng");
        }
        if (!purpose.matches("[\\x20-\\x7E]{1,25}")) {
            throw new IllegalArgumentException("The purpose is 1-25 printable ASCII characters");
        }
        var beneficiary = field("00", bankBin) + field("01", account);
        var merchant = field("00", NAPAS_GUID) + field("01", beneficiary) + field("02", TRANSFER_TO_ACCOUNT);
        var withoutCrc = field("00", "01")
                + field("01", "12")
                + field("38", merchant)
                + field("53", "704")
                + field("54", Long.toString(amountVnd))
                + field("58", "VN")
                + field("62", field("08", purpose))
                + "6304";
        return withoutCrc + crc16(withoutCrc);
    }

    /** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection) as four upper-case hex digits. */
    public static String crc16(String text) {
        int crc = 0xFFFF;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            crc ^= (b & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
                crc &= 0xFFFF;
            }
        }
        return String.format(Locale.ROOT, "%04X", crc);
    }

    private static String field(String id, String value) {
        if (value.length() > 99) {
            throw new IllegalArgumentException("Field " + id + " is longer than 99 characters");
        }
        return id + String.format(Locale.ROOT, "%02d", value.length()) + value;
    }
}
