package vn.ocop.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sample catalogue refuses the same listings, and only those, whatever day it is loaded on, and
 * what it lists stays listed for a year.
 */
class SampleCatalogueTests {

    @ParameterizedTest
    @ValueSource(
            strings = {"2026-05-01", "2026-11-22", "2027-04-30", "2027-05-20", "2027-05-21", "2029-12-02", "2036-02-29"
            })
    void everyCertificateIsValidOrExpiredOnTheDayAsTheFileExpects(String day) throws Exception {
        var today = LocalDate.parse(day);
        var data = SampleCatalogue.data();
        var asOf = SampleCatalogue.datesAsOf(data);
        int valid = 0, expired = 0;
        for (var producer : data.get("producers")) {
            for (var product : producer.get("products")) {
                var certificate = SampleCatalogue.certificateOn(product.get("certificate"), asOf, today);
                var recognised = LocalDate.parse(certificate.get("recognisedOn").asString());
                var expires = LocalDate.parse(certificate.get("expiresOn").asString());
                var name = product.get("name").asString();
                assertThat(recognised).as("%s recognised before the day", name).isBefore(today);
                var refusal = product.path("expectRefusal").asString("");
                if (refusal.equals("certificate-expired")) {
                    assertThat(expires).as("%s expired", name).isBefore(today);
                    expired++;
                } else {
                    assertThat(expires)
                            .as("%s valid for a year at least, as the loaded data is kept", name)
                            .isAfterOrEqualTo(today.plusYears(1));
                    valid++;
                }
            }
        }
        assertThat(expired).isEqualTo(2);
        assertThat(valid).isGreaterThan(40);
    }
}
