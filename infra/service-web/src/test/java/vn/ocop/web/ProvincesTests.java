package vn.ocop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.text.Normalizer;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class ProvincesTests {

    @Test
    void thirtyFourProvincesEachRecognisedByItsOwnNameAndNoneFoldedOntoAnother() {
        assertThat(Provinces.ALL).hasSize(34).doesNotHaveDuplicates();
        var keys = new HashSet<String>();
        for (var name : Provinces.ALL) {
            assertThat(Provinces.find(name)).contains(name);
            assertThat(keys.add(Provinces.key(name))).as(name).isTrue();
        }
    }

    @Test
    void aProvinceIsRecognisedHoweverItIsTyped() {
        for (var typed : new String[] {
            "Quảng Ninh",
            "quang ninh",
            "QUẢNG NINH",
            "  Quảng   Ninh ",
            "Tỉnh Quảng Ninh",
            "tinh quang ninh",
            Normalizer.normalize("Quảng Ninh", Normalizer.Form.NFD)
        }) {
            assertThat(Provinces.find(typed)).as(typed).contains("Quảng Ninh");
        }
        // Either tone placement: the older "oà" and the newer "òa".
        assertThat(Provinces.find("Khánh Hoà")).contains("Khánh Hòa");
        assertThat(Provinces.find("Thanh Hoá")).contains("Thanh Hóa");
        assertThat(Provinces.find("Đăk Lăk")).contains("Đắk Lắk");
        for (var typed : new String[] {"TP.HCM", "TP HCM", "tphcm", "Hồ Chí Minh", "thành phố Hồ Chí Minh"}) {
            assertThat(Provinces.find(typed)).as(typed).contains("Thành phố Hồ Chí Minh");
        }
        assertThat(Provinces.find("Thừa Thiên Huế")).contains("Huế");
        assertThat(Provinces.find("Hanoi")).contains("Hà Nội");
        assertThat(Provinces.find("HCMC")).contains("Thành phố Hồ Chí Minh");
        assertThat(Provinces.find("Daklak")).contains("Đắk Lắk");
        assertThat(Provinces.find("thành phố Huế")).contains("Huế");
    }

    @Test
    void somethingElseIsNoProvince() {
        for (var typed : new String[] {"", " ", "tỉnh", "Hạ Long", "Quảng", "Quảng Ninh Quảng Ninh", "Huyện Đầm Hà"}) {
            assertThat(Provinces.find(typed)).as(typed).isEmpty();
        }
        assertThat(Provinces.find(null)).isEmpty();
        var problem =
                catchThrowableOfType(ProblemException.class, () -> Provinces.require("address.province", "Hạ Long"));
        assertThat(problem.field()).isEqualTo("address.province");
        assertThat(problem.getMessage()).contains("no province");
    }

    @Test
    void aProvinceMergedAwayIsRefusedWithTheOneItIsPartOfNowAndAFilterTakesItThere() {
        var problem =
                catchThrowableOfType(ProblemException.class, () -> Provinces.require("origin.province", "bac giang"));
        assertThat(problem.field()).isEqualTo("origin.province");
        assertThat(problem.getMessage()).isEqualTo("Bắc Giang has been part of Bắc Ninh since 1 July 2025");
        assertThat(Provinces.findNow("Tỉnh Bắc Giang")).contains("Bắc Ninh");
        assertThat(Provinces.findNow("Bà Rịa – Vũng Tàu")).contains("Thành phố Hồ Chí Minh");
        assertThat(Provinces.findNow("Kontum")).contains("Quảng Ngãi");
        assertThat(Provinces.findNow("BRVT")).contains("Thành phố Hồ Chí Minh");
        assertThat(Provinces.findNow("Quảng Ninh")).contains("Quảng Ninh");
        assertThat(Provinces.findNow("Hạ Long")).isEmpty();
        assertThat(Provinces.find("Bắc Giang")).isEmpty();
    }
}
