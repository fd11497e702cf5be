package vn.ocop.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToneMarksTests {

    @Test
    void eitherPlacementOfTheToneIsOneSpelling() {
        assertThat(ToneMarks.canonical("Chè Hòa Bình")).isEqualTo("Chè Hoà Bình");
        assertThat(ToneMarks.canonical("Chè Hoà Bình")).isEqualTo("Chè Hoà Bình");
        assertThat(ToneMarks.canonical("HÒA")).isEqualTo("HOÀ");
        assertThat(ToneMarks.canonical("sức khỏe")).isEqualTo("sức khoẻ");
        assertThat(ToneMarks.canonical("thủy sản")).isEqualTo("thuỷ sản");
        assertThat(ToneMarks.canonical("họa tiết, hóa")).isEqualTo("hoạ tiết, hoá");
    }

    @Test
    void syllablesWithOnePlacementOnlyStayAsTheyAre() {
        for (var text : new String[] {"quý", "của", "hoàng", "toán", "khuyết", "hồ", "người", "hoa", "thuy"}) {
            assertThat(ToneMarks.canonical(text)).as(text).isEqualTo(text);
        }
    }
}
