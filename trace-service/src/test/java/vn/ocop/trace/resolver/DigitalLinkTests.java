package vn.ocop.trace.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GS1 Digital Link syntax as the resolver reads it. GTIN 08930000010018 has a valid check digit. */
class DigitalLinkTests {

    @Test
    void readsGtinLotAndSerialWithDataAttributesInTheQuery() {
        var link = DigitalLink.parse("/01/08930000010018/10/LOT-2026-01/21/7QK2M9XD4WBT6RZC8HNA", "17=271231&utm=x");

        assertThat(link.gtin()).isEqualTo("08930000010018");
        assertThat(link.lot()).contains("LOT-2026-01");
        assertThat(link.serial()).contains("7QK2M9XD4WBT6RZC8HNA");
        assertThat(link.attributes()).containsExactly(java.util.Map.entry("17", "271231"));
        assertThat(link.linkType()).isEmpty();
        assertThat(link.canonical("https://id.ocop.test"))
                .isEqualTo("https://id.ocop.test/01/08930000010018/10/LOT-2026-01/21/7QK2M9XD4WBT6RZC8HNA");
    }

    @Test
    void decodesPercentEscapesAndTakesPlusLiterallyInThePathButAsASpaceInTheQuery() {
        var link = DigitalLink.parse("/01/08930000010018/10/A%2FB+C", "linkType=gs1%3Apip&note=a+b");

        assertThat(link.lot()).contains("A/B+C");
        assertThat(link.linkType()).contains("gs1:pip");
    }

    @Test
    void encodesEverySubDelimiterOfCset82AndReadsItBack() {
        var lot = "A;B=1(2)*+,!'/:%&\"";

        var encoded = DigitalLink.encode(lot);

        assertThat(encoded).isEqualTo("A%3BB%3D1%282%29%2A%2B%2C%21%27%2F%3A%25%26%22");
        assertThat(DigitalLink.encode("Lot-2026_01.a~")).isEqualTo("Lot-2026_01.a~");
        assertThat(DigitalLink.parse("/01/08930000010018/10/" + encoded, null).lot())
                .contains(lot);
    }

    @Test
    void padsAShorterGtinToFourteenDigits() {
        assertThat(DigitalLink.parse("/01/8930000010018", null).gtin()).isEqualTo("08930000010018");
    }

    @Test
    void ignoresUnknownNonNumericParametersAndATrailingSlash() {
        var link = DigitalLink.parse("/01/08930000010018/", "fbclid=abc&lang=en");

        assertThat(link.attributes()).isEmpty();
        assertThat(link.lot()).isEmpty();
    }

    @ParameterizedTest(name = "{0}?{1}: a bad escape laid to {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "/01/0893000001001%|null|01",
                "/01/08930000010018/10/A%2|null|10",
                "/01/08930000010018/21/S%+1|null|21",
                "/01/08930000010018/10/A%-1|null|10",
                "/01/08930000010018|linkType=gs1%3|linkType",
                "/01/08930000010018|17=2712%G1|17",
                "/01/08930000010018|link%ZZType=x|query",
            })
    void namesThePartWhosePercentEscapeIsBad(String path, String query, String field) {
        assertThatThrownBy(() -> DigitalLink.parse(path, query))
                .isInstanceOfSatisfying(
                        DigitalLink.Invalid.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining("percent-escape");
    }

    @ParameterizedTest(name = "{0}?{1} is refused: {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "/01/08930000010018/21/SERIAL1/10/LOT1|null|out of order",
                "/01/08930000010019|null|check digit",
                "/01/08930000100|null|8, 12, 13 or 14 digits",
                "/01/08930000010018/10/LÔ-1|null|CSET 82",
                "/01/08930000010018/10/lot%20one|null|CSET 82",
                "/01/08930000010018/10/ABCDEFGHIJKLMNOPQRSTU|null|1 to 20 characters",
                "/01/08930000010018/10/A/10/B|null|repeated",
                "/01/08930000010018/21/S1/235/T1|null|repeated",
                "/01/08930000010018|10=LOT1|belongs in the path",
                "/01/08930000010018/10/LOT1|21=S1|belongs in the path",
                "/01/08930000010018|17=271231&17=281231|more than once",
                "/01/08930000010018|17=271331|malformed",
                "/01/08930000010018|17=250231|malformed",
                "/01/08930000010018|17=250229|malformed",
                "/01/08930000010018|7007=250501250532|malformed",
                "/01/08930000010018|7007=250431|malformed",
                "/01/08930000010018|7007=250500|malformed",
                "/01/08930000010018|7007=250501250500|malformed",
                "/01/08930000010018|37=5|not a data attribute",
                "/01/08930000010018|99=1|not a data attribute",
                "/01/08930000010018/10|null|needs a value",
                "/01/08930000010018/99/X|null|not a key qualifier",
                "/414/8930000000019|null|must start with the GTIN",
                "/01/08930000010018/10/A%2|null|percent-escape",
            })
    void refusesWithTheReason(String path, String query, String reason) {
        assertThatThrownBy(() -> DigitalLink.parse(path, query))
                .isInstanceOf(DigitalLink.Invalid.class)
                .hasMessageContaining(reason);
    }

    @Test
    void takesEveryRealDayALeapDayAndAMonthAsAWhole() {
        var link = DigitalLink.parse("/01/08930000010018", "17=240229&15=250400&7007=250501250531");

        assertThat(link.attributes())
                .containsEntry("17", "240229")
                .containsEntry("15", "250400")
                .containsEntry("7007", "250501250531");
    }
}
