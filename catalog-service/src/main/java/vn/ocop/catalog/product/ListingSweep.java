package vn.ocop.catalog.product;

import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every hour on the hour (so at midnight, as certificates expire), withdraws listings whose certificate
 * has expired (or moves them to another valid certificate of three stars or more); each withdrawal raises ProductDelisted with the reason
 * CERTIFICATE_EXPIRED. Hourly rather than nightly, so that a run missed while the service was down or
 * its database away is made up within the hour. The clock is a bean, so a test moves time by replacing
 * it.
 */
@Component
class ListingSweep {

    private static final Logger log = LoggerFactory.getLogger(ListingSweep.class);

    private final Products products;
    private final Clock clock;

    ListingSweep(Products products, Clock clock) {
        this.products = products;
        this.clock = clock;
    }

    @Scheduled(cron = "${ocop.catalog.listing-sweep-cron:0 0 * * * *}", zone = "Asia/Ho_Chi_Minh")
    void hourly() {
        sweep(LocalDate.now(clock.withZone(Products.VIETNAM)));
    }

    /** Rechecks every listing whose certificate lapsed by {@code today}; returns how many were withdrawn. */
    int sweep(LocalDate today) {
        int withdrawn = 0;
        for (var product : products.listedWithLapsedCertificate(today)) {
            try {
                if (products.recheckCertificate(product, today)) {
                    withdrawn++;
                }
            } catch (RuntimeException e) {
                // One product's trouble must not keep the others on sale; the next run tries it again.
                log.warn("Could not recheck the certificate of product {}", product, e);
            }
        }
        if (withdrawn > 0) {
            log.info("Withdrew {} listing(s) whose OCOP certificate expired", withdrawn);
        }
        return withdrawn;
    }
}
