package vn.ocop.catalog.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import vn.ocop.events.catalog.ProductSnapshot;
import vn.ocop.web.PlainText;
import vn.ocop.web.Provinces;

/** How a product looks in the search index: built from the snapshot every product event carries. */
final class ProductDocuments {

    static final String FACET_SEPARATOR = "|";

    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

    private ProductDocuments() {}

    /** Fields added after the first layouts, by the layout that added them. */
    private static final Map<String, Integer> ADDED_IN_LAYOUT = Map.of("nameToned", 3, "communeKey", 3);

    /** The document as an index of {@code layout} maps it: without the fields later layouts added. */
    static Map<String, Object> of(ProductSnapshot product, int layout) {
        var document = of(product);
        ADDED_IN_LAYOUT.forEach((field, added) -> {
            if (layout < added) {
                document.remove(field);
            }
        });
        return document;
    }

    static Map<String, Object> of(ProductSnapshot product) {
        var document = new LinkedHashMap<String, Object>();
        document.put("id", product.productId().toString());
        document.put("name", product.name());
        document.put("nameToned", ToneMarks.canonical(product.name()));
        document.put("description", product.description());
        document.put("suggest", Map.of("input", suggestInputs(product.name())));
        document.put("status", product.listed() ? "LISTED" : "UNLISTED");
        document.put("listed", product.listed());
        document.put("group", product.group());
        document.put("stars", product.stars());
        document.put("producerId", product.producerId().toString());
        document.put("producerName", product.producerName());
        // One keyword for the producer facet, so that its name needs no sub-aggregation per bucket.
        document.put("producerFacet", product.producerId() + FACET_SEPARATOR + product.producerName());
        // The province as the platform names it, for one facet bucket each, whatever a producer
        // registered before names were checked typed (one since merged: the province it is part of now,
        // as its filter takes it); a commune also under a key that its filter matches.
        document.put("province", Provinces.findNow(product.province()).orElse(product.province()));
        document.put("commune", product.commune());
        document.put("communeKey", communeKey(product.commune()));
        if (product.latitude() != null && product.longitude() != null) {
            document.put("location", Map.of("lat", product.latitude(), "lon", product.longitude()));
        }
        document.put("priceVnd", product.priceVnd());
        document.put("stock", product.stock());
        document.put("inStock", product.stock() > 0);
        document.put(
                "listedAt",
                product.listedAt() == null ? null : product.listedAt().toString());
        document.put("thumbnailKey", product.thumbnailKey());
        document.put(
                "certificateExpiresOn",
                product.certificateExpiresOn() == null
                        ? null
                        : product.certificateExpiresOn().toString());
        return document;
    }

    /**
     * A commune's name as its filter matches it ({@link PlainText#fold}), without the kind of commune
     * before it: "Ba Chẽ", "xa ba che" and "Xã Ba Chẽ" are one; so are the tone placements "Hoà" and "Hòa".
     */
    static String communeKey(String commune) {
        return COMMUNE_KIND.matcher(PlainText.fold(commune)).replaceFirst("");
    }

    private static final Pattern COMMUNE_KIND = Pattern.compile("^(xa|phuong|dac khu|thi tran) ");

    /**
     * The completion suggester matches from the start of an input, so the name is offered from each of
     * its words on: "Mật ong Hạ Long" can be found by typing "mat", "ong" or "ha long".
     */
    static List<String> suggestInputs(String name) {
        // Elasticsearch refuses some control characters in suggestions; bodies refuse them all since
        // plain text rules, but a name stored before then may still hold one.
        var words = CONTROL.matcher(name).replaceAll(" ").strip().split("\\s+");
        var inputs = new ArrayList<String>();
        for (int i = 0; i < words.length && i < 6; i++) {
            inputs.add(String.join(" ", java.util.Arrays.copyOfRange(words, i, words.length)));
        }
        return inputs;
    }
}
