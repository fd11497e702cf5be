package vn.ocop.catalog.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import vn.ocop.catalog.certificate.Certificates.Standing;
import vn.ocop.catalog.product.ListingRules.Decision;

class ListingRulesTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    @Test
    void allowsAVerifiedProducerWithAValidThreeStarCertificate() {
        var certificate = certificate(3, TODAY.minusYears(1), TODAY.plusYears(2));

        assertThat(ListingRules.decide(true, List.of(certificate), TODAY)).isEqualTo(new Decision.Allowed(certificate));
    }

    @Test
    void refusesProductWithTwoStarCertificate() {
        var decision =
                ListingRules.decide(true, List.of(certificate(2, TODAY.minusYears(1), TODAY.plusYears(2))), TODAY);

        assertThat(decision).isInstanceOf(Decision.Refused.class);
        assertThat(((Decision.Refused) decision).rule()).isEqualTo("certificate-below-three-stars");
        assertThat(((Decision.Refused) decision).detail()).contains("2 stars");
    }

    @Test
    void refusesAnExpiredCertificate() {
        var decision =
                ListingRules.decide(true, List.of(certificate(4, TODAY.minusYears(3), TODAY.minusDays(1))), TODAY);

        assertThat(((Decision.Refused) decision).rule()).isEqualTo("certificate-expired");
    }

    @Test
    void acceptsACertificateOnItsLastDay() {
        var lastDay = certificate(4, TODAY.minusYears(3), TODAY);

        assertThat(ListingRules.decide(true, List.of(lastDay), TODAY)).isInstanceOf(Decision.Allowed.class);
    }

    @Test
    void refusesACertificateNotYetInForce() {
        var decision = ListingRules.decide(true, List.of(certificate(4, TODAY.plusDays(3), TODAY.plusYears(3))), TODAY);

        assertThat(((Decision.Refused) decision).rule()).isEqualTo("certificate-not-yet-valid");
    }

    @Test
    void refusesAnUnverifiedProducerWhateverItsCertificates() {
        var decision =
                ListingRules.decide(false, List.of(certificate(5, TODAY.minusYears(1), TODAY.plusYears(2))), TODAY);

        assertThat(((Decision.Refused) decision).rule()).isEqualTo("producer-not-verified");
    }

    @Test
    void refusesAProductNoCertificateCovers() {
        assertThat(((Decision.Refused) ListingRules.decide(true, List.of(), TODAY)).rule())
                .isEqualTo("certificate-missing");
    }

    @Test
    void picksTheValidCertificateWithMostStarsOverAnExpiredBetterOne() {
        var expiredFive = certificate(5, TODAY.minusYears(4), TODAY.minusDays(10));
        var validThree = certificate(3, TODAY.minusYears(1), TODAY.plusYears(2));
        var validFour = certificate(4, TODAY.minusYears(1), TODAY.plusYears(1));

        var decision = ListingRules.decide(true, List.of(expiredFive, validThree, validFour), TODAY);

        assertThat(decision).isEqualTo(new Decision.Allowed(validFour));
    }

    private static Standing certificate(int stars, LocalDate from, LocalDate until) {
        return new Standing(UUID.randomUUID(), "1234/QĐ-UBND", stars, from, until);
    }
}
