package vn.ocop.testing;

import java.time.Instant;
import java.util.UUID;
import vn.ocop.events.catalog.ProductListed;
import vn.ocop.events.catalog.ProductSnapshot;

/** Catalogue events as catalog-service would publish them, for services that keep copies of them. */
public final class CatalogueEvents {

    private CatalogueEvents() {}

    /**
     * A product of {@code producer} at version 2, on sale under a four-star certificate when {@code
     * listed} (sample data from Quảng Ninh).
     */
    public static ProductListed productListed(
            UUID product, UUID producer, String name, String group, String gtin, long priceVnd, boolean listed) {
        var snapshot = new ProductSnapshot(
                product,
                producer,
                "HTX (sample data)",
                name,
                "",
                group,
                gtin,
                "hộp",
                "1",
                priceVnd,
                50,
                listed,
                listed ? 4 : null,
                listed ? "1/QĐ-UBND" : null,
                null,
                "Quảng Ninh",
                "xã Ba Chẽ",
                null,
                null,
                null,
                Instant.now());
        return new ProductListed(UUID.randomUUID(), Instant.now(), product, 2, snapshot);
    }
}
