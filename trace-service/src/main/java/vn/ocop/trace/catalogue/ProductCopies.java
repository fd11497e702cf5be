package vn.ocop.trace.catalogue;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.ocop.events.catalog.ProductEvent;

/** The trace service's copy of the catalogue's products: what a scan and a batch need to know. */
@Component
public class ProductCopies {

    private final JdbcClient jdbc;

    ProductCopies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A product as this service knows it. */
    public record ProductCopy(
            UUID id, long version, UUID producerId, String name, String gtin, boolean listed, Integer stars) {}

    /** Takes the product as the event shows it unless a newer version is already here. */
    void apply(ProductEvent event) {
        var product = event.product();
        jdbc.sql(
                        """
                        insert into product_copy (id, version, producer_id, name, gtin, listed, stars, thumbnail_key)
                        values (:id, :version, :producer, :name, :gtin, :listed, :stars, :thumbnail)
                        on conflict (id) do update set
                            version = excluded.version, producer_id = excluded.producer_id, name = excluded.name,
                            gtin = excluded.gtin, listed = excluded.listed, stars = excluded.stars,
                            thumbnail_key = excluded.thumbnail_key, updated_at = now()
                        where product_copy.version < excluded.version
                        """)
                .param("id", product.productId())
                .param("version", event.aggregateVersion())
                .param("producer", product.producerId())
                .param("name", product.name())
                .param("gtin", product.gtin())
                .param("listed", product.listed())
                .param("stars", product.stars())
                .param("thumbnail", product.thumbnailKey())
                .update();
    }

    public Optional<ProductCopy> find(UUID id) {
        return jdbc.sql("select id, version, producer_id, name, gtin, listed, stars from product_copy where id = ?")
                .param(id)
                .query(ProductCopy.class)
                .optional();
    }
}
