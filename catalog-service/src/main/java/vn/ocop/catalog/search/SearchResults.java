package vn.ocop.catalog.search;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.util.HtmlUtils;
import vn.ocop.catalog.product.Vnd;

/**
 * A page of storefront results: the total, the hits and facet counts over the same query, so every
 * count matches what filtering by it would return.
 */
record SearchResults(long total, int page, int size, List<Hit> hits, Facets facets) {

    /**
     * @param highlight the name with the matched words in {@code <em>}, keeping its diacritics
     * @param snippet a fragment of the description around the match, if any
     */
    record Hit(
            String id,
            String name,
            String highlight,
            String snippet,
            long priceVnd,
            String priceText,
            Integer stars,
            String group,
            Producer producer,
            Place place,
            String thumbnailUrl,
            boolean inStock) {}

    record Producer(String id, String name) {}

    record Place(String province, String commune) {}

    record Facets(
            List<Count> group, List<Count> stars, List<Count> province, List<Count> producer, List<PriceBand> price) {}

    /** @param label a display name where the value is an id (a producer's name) */
    record Count(String value, String label, long count) {}

    /**
     * A price band as the filter that returns its products: {@code minPrice} and {@code maxPrice} (none for
     * the top band), both inclusive.
     */
    record PriceBand(long minPrice, Long maxPrice, long count) {}

    @SuppressWarnings("rawtypes")
    static SearchResults from(SearchRequest request, SearchResponse<Map> response) {
        var hits = new ArrayList<Hit>();
        for (var hit : response.hits().hits()) {
            Map source = hit.source();
            var highlight = hit.highlight();
            var name = String.valueOf(source.get("name"));
            var id = String.valueOf(source.get("id"));
            long price = ((Number) source.get("priceVnd")).longValue();
            hits.add(new Hit(
                    id,
                    name,
                    first(highlight.get("name.folded"), HtmlUtils.htmlEscape(name, "UTF-8")),
                    first(highlight.get("description.folded"), null),
                    price,
                    new Vnd(price).display(),
                    source.get("stars") == null ? null : ((Number) source.get("stars")).intValue(),
                    (String) source.get("group"),
                    new Producer((String) source.get("producerId"), (String) source.get("producerName")),
                    new Place((String) source.get("province"), (String) source.get("commune")),
                    source.get("thumbnailKey") == null ? null : "/api/products/" + id + "/thumbnail",
                    Boolean.TRUE.equals(source.get("inStock"))));
        }
        var aggregations = response.aggregations();
        var facets = new Facets(
                terms(aggregations.get("group")),
                atLeast(aggregations.get("stars")),
                terms(aggregations.get("province")),
                producers(aggregations.get("producer")),
                prices(aggregations.get("price")));
        long total = response.hits().total() == null
                ? hits.size()
                : response.hits().total().value();
        return new SearchResults(total, request.page(), request.size(), hits, facets);
    }

    private static String first(List<String> fragments, String fallback) {
        return fragments == null || fragments.isEmpty() ? fallback : fragments.getFirst();
    }

    private static List<Count> terms(Aggregate aggregate) {
        var counts = new ArrayList<Count>();
        if (aggregate.isSterms()) {
            aggregate
                    .sterms()
                    .buckets()
                    .array()
                    .forEach(b -> counts.add(new Count(b.key().stringValue(), null, b.docCount())));
        } else if (aggregate.isLterms()) {
            aggregate
                    .lterms()
                    .buckets()
                    .array()
                    .forEach(b -> counts.add(new Count(String.valueOf(b.key()), null, b.docCount())));
        }
        return counts;
    }

    private static List<Count> producers(Aggregate aggregate) {
        var counts = new ArrayList<Count>();
        for (var bucket : aggregate.sterms().buckets().array()) {
            var key = bucket.key().stringValue();
            int separator = key.indexOf(ProductDocuments.FACET_SEPARATOR);
            counts.add(
                    separator < 0
                            ? new Count(key, null, bucket.docCount())
                            : new Count(key.substring(0, separator), key.substring(separator + 1), bucket.docCount()));
        }
        return counts;
    }

    /** Star ratings as minStars filters: products with at least that many stars; empty ones left out, as terms are. */
    private static List<Count> atLeast(Aggregate aggregate) {
        var counts = new ArrayList<Count>();
        for (var bucket : aggregate.range().buckets().array()) {
            if (bucket.docCount() > 0) {
                counts.add(new Count(bucket.key(), null, bucket.docCount()));
            }
        }
        return counts;
    }

    private static List<PriceBand> prices(Aggregate aggregate) {
        var bands = new ArrayList<PriceBand>();
        for (var bucket : aggregate.range().buckets().array()) {
            // The aggregation's upper bound is exclusive, the filter's maxPrice inclusive; prices are whole đồng.
            bands.add(new PriceBand(
                    bucket.from() == null ? 0 : bucket.from().longValue(),
                    bucket.to() == null ? null : bucket.to().longValue() - 1,
                    bucket.docCount()));
        }
        return bands;
    }
}
