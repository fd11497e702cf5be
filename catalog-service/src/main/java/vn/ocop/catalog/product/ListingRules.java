package vn.ocop.catalog.product;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import vn.ocop.catalog.certificate.Certificates.Standing;

/**
 * The OCOP rule for selling on the platform: a verified producer, and a certificate of three stars
 * or more that is valid on the day. The first rule that fails is the reason given.
 */
final class ListingRules {

    static final int MINIMUM_STARS = 3;

    private ListingRules() {}

    /** The outcome: the certificate to list under, or the rule that failed and why. */
    sealed interface Decision {
        record Allowed(Standing certificate) implements Decision {}

        record Refused(String rule, String detail) implements Decision {}
    }

    static Decision decide(boolean producerVerified, List<Standing> certificates, LocalDate today) {
        if (!producerVerified) {
            return new Decision.Refused(
                    "producer-not-verified",
                    "The producer is not verified by the provincial OCOP office, or is suspended.");
        }
        if (certificates.isEmpty()) {
            return new Decision.Refused("certificate-missing", "No OCOP certificate covers this product.");
        }
        var valid = certificates.stream()
                .filter(c -> !c.recognisedOn().isAfter(today) && !c.expiresOn().isBefore(today))
                .toList();
        var eligible = valid.stream()
                .filter(c -> c.stars() >= MINIMUM_STARS)
                .max(Comparator.comparingInt(Standing::stars).thenComparing(Standing::expiresOn));
        if (eligible.isPresent()) {
            return new Decision.Allowed(eligible.get());
        }
        if (!valid.isEmpty()) {
            var best = valid.stream().mapToInt(Standing::stars).max().orElseThrow();
            return new Decision.Refused(
                    "certificate-below-three-stars",
                    "The product's valid certificate has " + best + " star" + (best == 1 ? "" : "s")
                            + "; OCOP products need " + MINIMUM_STARS + " stars or more to be sold on the platform.");
        }
        var latest = certificates.stream()
                .max(Comparator.comparing(Standing::expiresOn))
                .orElseThrow();
        if (latest.recognisedOn().isAfter(today)) {
            return new Decision.Refused(
                    "certificate-not-yet-valid",
                    "Certificate " + latest.decisionNumber() + " is valid from " + latest.recognisedOn() + ".");
        }
        return new Decision.Refused(
                "certificate-expired",
                "Certificate " + latest.decisionNumber() + " expired on " + latest.expiresOn() + ".");
    }
}
