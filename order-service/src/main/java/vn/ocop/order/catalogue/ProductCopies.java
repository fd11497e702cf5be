package vn.ocop.order.catalogue;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import vn.ocop.events.catalog.ProductEvent;

/** The order service's copy of the catalogue's products: for sale or not, price, producer, name. */
@Component
public class ProductCopies {

    private final JdbcClient jdbc;

    ProductCopies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record ProductCopy(UUID id, long version, UUID producerId, String name, long priceVnd, boolean listed) {}

    /** Takes the product as the event shows it unless a newer version is already here. */
    void apply(ProductEvent event) {
        var product = event.product();
        jdbc.sql(
                        """
                        insert into product_copy (id, version, producer_id, name, price_vnd, listed)
                        values (:id, :version, :producer, :name, :price, :listed)
                        on conflict (id) do update set
                            version = excluded.version, producer_id = excluded.producer_id, name = excluded.name,
                            price_vnd = excluded.price_vnd, listed = excluded.listed, updated_at = now()
                        where product_copy.version < excluded.version
                        """)
                .param("id", product.productId())
                .param("version", event.aggregateVersion())
                .param("producer", product.producerId())
                .param("name", product.name())
                .param("price", product.priceVnd())
                .param("listed", product.listed())
                .update();
    }

    /** The copies of {@code ids} that exist, by id. */
    public Map<UUID, ProductCopy> find(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbc
                .sql(
                        "select id, version, producer_id, name, price_vnd, listed from product_copy where id = any(?::uuid[])")
                .param(ids.toArray(UUID[]::new))
                .query((rs, row) -> new ProductCopy(
                        rs.getObject(1, UUID.class),
                        rs.getLong(2),
                        rs.getObject(3, UUID.class),
                        rs.getString(4),
                        rs.getLong(5),
                        rs.getBoolean(6)))
                .list()
                .stream()
                .collect(Collectors.toMap(ProductCopy::id, Function.identity()));
    }
}
