package vn.ocop.catalog.search;

import java.util.HashMap;

/** Storefront requests for tests and benchmarks, written as the API's query string ({@code q=mat ong&group=FOOD}), unencoded. */
final class SearchRequests {

    private SearchRequests() {}

    static SearchRequest parse(String query) {
        var parameters = new HashMap<String, String>();
        for (var pair : query.split("&")) {
            var kv = pair.split("=", 2);
            parameters.put(kv[0], kv[1]);
        }
        return SearchRequest.parse(
                parameters.get("q"),
                parameters.get("group"),
                parameters.get("minStars"),
                parameters.get("province"),
                parameters.get("commune"),
                parameters.get("producer"),
                parameters.get("minPrice"),
                parameters.get("maxPrice"),
                parameters.get("inStock"),
                parameters.get("near"),
                parameters.get("radiusKm"),
                parameters.get("sort"),
                parameters.get("page"),
                parameters.get("size"));
    }
}
