package vn.ocop.order.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VietQrTests {

    @Test
    void crcIsCcittFalse() {
        assertThat(VietQr.crc16("123456789")).isEqualTo("29B1");
        assertThat(VietQr.crc16("")).isEqualTo("FFFF");
    }

    @Test
    void payloadIsTheNestedEmvcoFieldsOfDomainMdClosedByItsCrc() {
        var payload = VietQr.payload("970436", "0011009999999", 1_090_000, "OCOPK7M2Q9XA");

        var fields = parse(payload);
        assertThat(fields.keySet()).containsExactly("00", "01", "38", "53", "54", "58", "62", "63");
        assertThat(fields.get("00")).isEqualTo("01");
        assertThat(fields.get("01")).isEqualTo("12");
        var merchant = parse(fields.get("38"));
        assertThat(merchant).containsEntry("00", "A000000727").containsEntry("02", "QRIBFTTA");
        assertThat(parse(merchant.get("01"))).containsEntry("00", "970436").containsEntry("01", "0011009999999");
        assertThat(fields.get("53")).isEqualTo("704");
        assertThat(fields.get("54")).isEqualTo("1090000");
        assertThat(fields.get("58")).isEqualTo("VN");
        assertThat(parse(fields.get("62"))).containsEntry("08", "OCOPK7M2Q9XA");
        assertThat(payload).endsWith("6304" + fields.get("63"));
        assertThat(fields.get("63")).isEqualTo(VietQr.crc16(payload.substring(0, payload.length() - 4)));
    }

    @Test
    void refusesWhatABankCouldNotRead() {
        assertThatThrownBy(() -> VietQr.payload("97043", "1", 1, "x")).hasMessageContaining("BIN");
        assertThatThrownBy(() -> VietQr.payload("970436", "1", 0, "x")).hasMessageContaining("amount");
        assertThatThrownBy(() -> VietQr.payload("970436", "1", 1, "thanh toán")).hasMessageContaining("ASCII");
    }

    @Test
    void theReferenceIsFoundInWhateverTheBankWritesAroundIt() {
        assertThat(Payments.findReference("MBVCB.3278.ocopk7m2q9xa.CT tu 0123")).contains("OCOPK7M2Q9XA");
        assertThat(Payments.findReference("thanh toan don hang")).isEmpty();
        assertThat(Payments.newReference()).matches("OCOP[0-9A-HJKMNP-TV-Z]{8}");
    }

    private static Map<String, String> parse(String tlv) {
        var fields = new LinkedHashMap<String, String>();
        int at = 0;
        while (at < tlv.length()) {
            var id = tlv.substring(at, at + 2);
            int length = Integer.parseInt(tlv.substring(at + 2, at + 4));
            fields.put(id, tlv.substring(at + 4, at + 4 + length));
            at += 4 + length;
        }
        assertThat(at).as("fields end exactly at the end").isEqualTo(tlv.length());
        return fields;
    }
}
