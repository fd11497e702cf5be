package vn.ocop.catalog.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.AggregationRange;
import co.elastic.clients.elasticsearch._types.query_dsl.MatchQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.CompletionContext;
import co.elastic.clients.elasticsearch.core.search.Highlight;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.HighlighterType;
import co.elastic.clients.util.NamedValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import vn.ocop.web.ProblemException;
import vn.ocop.web.Provinces;

/** Storefront search and autocomplete over the product index, for shoppers typing Vietnamese with or without diacritics. */
@Component
class ProductSearch {

    /** The star facet's buckets: listed products have at least three stars, and at most five. */
    private static final List<AggregationRange> STAR_RANGES = java.util.stream.IntStream.rangeClosed(3, 5)
            .mapToObj(stars ->
                    AggregationRange.of(r -> r.key(String.valueOf(stars)).from((double) stars)))
            .toList();

    /**
     * Price bands for the price facet, in đồng: each from its first value up to, not including, the next
     * band's. A band answers as the minPrice and maxPrice (inclusive) that filter by it.
     */
    static final List<long[]> PRICE_BANDS = List.of(
            new long[] {0, 100_000},
            new long[] {100_000, 300_000},
            new long[] {300_000, 500_000},
            new long[] {500_000, 1_000_000},
            new long[] {1_000_000, Long.MAX_VALUE});

    /** What a hit shows (SearchResults): the description, suggestions and the rest stay in the index. */
    private static final List<String> HIT_FIELDS = List.of(
            "id",
            "name",
            "priceVnd",
            "stars",
            "group",
            "producerId",
            "producerName",
            "province",
            "commune",
            "thumbnailKey",
            "inStock");

    /** Typos forgiven: one edit from five letters, two from twelve; the first letter must be right. */
    private static final String FUZZINESS = "AUTO:5,12";

    private static final int MAX_EXPANSIONS = 20;

    /** Two words of two, two of three, three of four: most of what the shopper typed. */
    private static final String MOST_WORDS = "2<75%";

    private static final int PREFIX_LENGTH = 1;

    private final ElasticsearchClient client;
    private final ProductIndex index;

    ProductSearch(ElasticsearchClient client, ProductIndex index) {
        this.client = client;
        this.index = index;
    }

    /**
     * Searches as the words are typed, diacritics or not; only when nothing matches, once more forgiving
     * typos ({@link #forgivesTypos}). Forgiving them always flooded the hits: one edit turns a Vietnamese
     * syllable into another word ("đường" into "dong", "dùng"), so a search for sugar listed noodles too.
     */
    @SuppressWarnings("rawtypes")
    SearchResults search(SearchRequest request) {
        var response = respond(request, false);
        if (response.hits().total() != null && response.hits().total().value() == 0 && forgivesTypos(request)) {
            response = respond(request, true);
        }
        return SearchResults.from(request, response);
    }

    /** Whether a second pass may find what the first did not: some word is long enough to forgive a typo in. */
    static boolean forgivesTypos(SearchRequest request) {
        if (request.q() == null) {
            return false;
        }
        for (var word : request.q().split("[\\s\\p{Punct}]+")) {
            if (word.codePointCount(0, word.length()) >= 5) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("rawtypes")
    private SearchResponse<Map> respond(SearchRequest request, boolean typos) {
        boolean termVectors = index.termVectors();
        try {
            return ask(() -> client.search(elasticsearchRequest(request, termVectors, typos), Map.class));
        } catch (ElasticsearchException e) {
            // The alias may have moved to an index without term vectors (a rebuild by an older release, a
            // restore): read its mapping again, and ask once more if the fast highlighter was the trouble.
            if (!termVectors || e.status() != 400) {
                throw e;
            }
            try {
                index.readLayout();
            } catch (RuntimeException unreadable) {
                e.addSuppressed(unreadable);
                throw e;
            }
            if (index.termVectors()) {
                throw e;
            }
            return ask(() -> client.search(elasticsearchRequest(request, false, typos), Map.class));
        }
    }

    /** A call to Elasticsearch, as {@link #ask} makes it. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws IOException;
    }

    /**
     * Makes {@code call}, turning what passes by itself ({@link ElasticsearchFailures}) into a 503 the
     * shopper can retry, as is a missing alias, gone until the projection builds the index again (see
     * SearchProjection). Any other failure stays what it is.
     */
    static <T> T ask(Call<T> call) {
        try {
            return call.run();
        } catch (ElasticsearchException e) {
            throw e.status() == 404 || ElasticsearchFailures.passing(e) ? unavailable(e) : e;
        } catch (IOException e) {
            throw ElasticsearchFailures.passing(e) ? unavailable(e) : new UncheckedIOException(e);
        }
    }

    private static ProblemException unavailable(Exception cause) {
        return ProblemException.unavailable(
                "search-unavailable", "Search is unavailable for a moment; please try again shortly.", cause);
    }

    /**
     * The Elasticsearch request for a storefront query: what the API sends, and what the benchmark sends
     * directly. With {@code termVectors} (the index stores them), snippets come from the fast vector
     * highlighter, which reads the stored term vectors where the default highlighter analyses every hit's
     * text again, the larger part of the highlighting's cost. With {@code typos}, the second pass's request
     * (see {@link #search}).
     */
    static co.elastic.clients.elasticsearch.core.SearchRequest elasticsearchRequest(
            SearchRequest request, boolean termVectors, boolean typos) {
        return co.elastic.clients.elasticsearch.core.SearchRequest.of(s -> {
            s.index(ProductIndex.ALIAS)
                    .from(request.page() * request.size())
                    .size(request.size())
                    .trackTotalHits(t -> t.enabled(true))
                    .source(src -> src.filter(f -> f.includes(HIT_FIELDS)))
                    .query(query(request, typos))
                    .sort(sort(request))
                    .highlight(h -> highlightQuery(request, typos, h)
                            .type(termVectors ? HighlighterType.FastVector : HighlighterType.Unified)
                            // The producer's text is escaped: the fragments are HTML, with <em> marks.
                            .encoder(HighlighterEncoder.Html)
                            .preTags("<em>")
                            .postTags("</em>")
                            .fields(
                                    NamedValue.of("name.folded", HighlightField.of(f -> f.numberOfFragments(0))),
                                    NamedValue.of("description.folded", HighlightField.of(f -> f.fragmentSize(160)
                                            .numberOfFragments(1)))))
                    .aggregations("group", a -> a.terms(t -> t.field("group").size(6)))
                    // At least so many stars, as minStars filters: a count matches the hits its filter returns.
                    .aggregations("stars", a -> a.range(r -> r.field("stars").ranges(STAR_RANGES)))
                    .aggregations(
                            "province", a -> a.terms(t -> t.field("province").size(50)))
                    .aggregations(
                            "producer",
                            a -> a.terms(t -> t.field("producerFacet").size(50)))
                    .aggregations("price", a -> a.range(r -> r.field("priceVnd").ranges(priceRanges())));
            return s;
        });
    }

    /** Up to ten product names that start with what the shopper has typed, diacritics or not. */
    @SuppressWarnings("rawtypes")
    List<String> suggest(String prefix) {
        SearchResponse<Map> response = ask(() -> client.search(
                s -> s.index(ProductIndex.ALIAS)
                        .size(0)
                        .suggest(sg ->
                                sg.suggesters("names", fs -> fs.prefix(prefix).completion(c -> c.field("suggest")
                                        // Not skipDuplicates: it drops a product whose matched words are
                                        // another's ("… Vân Đồn (sample data)"); names repeat once per
                                        // product at most, and are told apart below.
                                        .size(50) // room for ten names when many producers sell one ("Mật ong rừng")
                                        .contexts(
                                                "status",
                                                List.of(CompletionContext.of(
                                                        cc -> cc.context(ctx -> ctx.category("LISTED")))))
                                        .fuzzy(f -> f.fuzziness(prefix.length() >= 5 ? "1" : "0")
                                                .prefixLength(2))))),
                Map.class));
        // One suggestion per name, whatever its case: two producers' "Mật ong rừng" is one name to offer.
        var names = new LinkedHashMap<String, String>();
        for (var suggestion : response.suggest().get("names")) {
            for (var option : suggestion.completion().options()) {
                if (option.source() != null && names.size() < 10) {
                    var name = String.valueOf(option.source().get("name"));
                    names.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
                }
            }
        }
        return List.copyOf(names.values());
    }

    /**
     * What the highlighter marks: in the name, the words as the search matched them (typos forgiven, in
     * the second pass); in the description, only the words as typed (folded). A whole phrase is marked as
     * one. Marking typo matches in long descriptions took the highlighter longer than the search itself,
     * and a description is only the snippet under the name.
     */
    private static Highlight.Builder highlightQuery(SearchRequest request, boolean typos, Highlight.Builder highlight) {
        var text = request.q();
        if (text == null) {
            return highlight;
        }
        return highlight.highlightQuery(q -> q.bool(b -> b.should(s -> s.match(m -> {
                    m.field("name.folded").query(text);
                    return typos ? forgiving(m) : m;
                }))
                .should(s -> s.matchPhrase(p -> p.field("name.folded").query(text)))
                .should(s -> s.match(m -> m.field("description.folded").query(text)))
                .should(s -> s.matchPhrase(p -> p.field("description.folded").query(text)))));
    }

    private static MatchQuery.Builder forgiving(MatchQuery.Builder match) {
        return match.fuzziness(FUZZINESS).maxExpansions(MAX_EXPANSIONS).prefixLength(PREFIX_LENGTH);
    }

    static Query query(SearchRequest request, boolean typos) {
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("listed").value(true)));
            if (request.group() != null) {
                b.filter(f -> f.term(t -> t.field("group").value(request.group().name())));
            }
            if (request.minStars() != null) {
                b.filter(f -> f.range(r -> r.number(n -> n.field("stars").gte((double) request.minStars()))));
            }
            if (request.province() != null) {
                // A province as it is typed, or merged away in 2025, filters as the province it is now.
                var province = Provinces.findNow(request.province()).orElse(request.province());
                b.filter(f -> f.term(t -> t.field("province").value(province)));
            }
            if (request.commune() != null) {
                // As typed, too: an index of an older layout, still behind the alias while its successor is
                // built, has no communeKey.
                var commune = request.commune();
                b.filter(f -> f.bool(c -> c.should(
                                k -> k.term(t -> t.field("communeKey").value(ProductDocuments.communeKey(commune))))
                        .should(k -> k.term(t -> t.field("commune").value(commune)))));
            }
            if (request.producer() != null) {
                b.filter(f -> f.term(t -> t.field("producerId").value(request.producer())));
            }
            if (request.minPrice() != null || request.maxPrice() != null) {
                b.filter(f -> f.range(r -> r.number(n -> {
                    n.field("priceVnd");
                    if (request.minPrice() != null) {
                        n.gte((double) request.minPrice());
                    }
                    if (request.maxPrice() != null) {
                        n.lte((double) request.maxPrice());
                    }
                    return n;
                })));
            }
            if (request.inStock() != null) {
                b.filter(f -> f.term(t -> t.field("inStock").value(request.inStock())));
            }
            if (request.nearLatitude() != null) {
                b.filter(f -> f.geoDistance(g -> g.field("location")
                        .distance(request.radiusKm() + "km")
                        .location(l ->
                                l.latlon(ll -> ll.lat(request.nearLatitude()).lon(request.nearLongitude())))));
            }
            var text = request.q();
            if (text != null) {
                // Matches whatever the diacritics: every field searched is also folded to ASCII. The words may
                // be spread over the fields as one ("sá sùng Vân Đồn": the product's name, the producer's
                // commune). A typo is forgiven only in the name, and only in the second pass (see search).
                if (typos) {
                    b.must(m -> m.match(
                            mm -> forgiving(mm.field("name.folded").query(text)).minimumShouldMatch(MOST_WORDS)));
                } else {
                    b.must(m -> m.multiMatch(mm -> mm.query(text)
                            .fields("name.folded^3", "description.folded", "producerName.text", "commune.text")
                            .type(TextQueryType.CrossFields)
                            .minimumShouldMatch(MOST_WORDS)));
                }
                // Ranking: the whole phrase, then words close together, then exact diacritics (either tone
                // placement, see ToneMarks).
                var toned = ToneMarks.canonical(text);
                b.should(s ->
                        s.matchPhrase(p -> p.field("name.folded").query(text).boost(6f)));
                b.should(s -> s.matchPhrase(
                        p -> p.field("name.folded").query(text).slop(3).boost(3f)));
                b.should(s -> s.match(m ->
                        m.field("nameToned").query(toned).operator(Operator.And).boost(4f)));
                b.should(s ->
                        s.matchPhrase(p -> p.field("nameToned").query(toned).boost(4f)));
                b.should(s -> s.matchPhrase(
                        p -> p.field("description.folded").query(text).slop(2)));
            }
            return b;
        }));
    }

    private static List<SortOptions> sort(SearchRequest request) {
        var sorts = new ArrayList<SortOptions>();
        switch (request.sort()) {
            case PRICE_ASC -> sorts.add(field("priceVnd", SortOrder.Asc));
            case PRICE_DESC -> sorts.add(field("priceVnd", SortOrder.Desc));
            case NEWEST -> sorts.add(field("listedAt", SortOrder.Desc));
            case STARS -> sorts.add(field("stars", SortOrder.Desc));
            case RELEVANCE -> {}
        }
        sorts.add(SortOptions.of(s -> s.score(sc -> sc.order(SortOrder.Desc))));
        sorts.add(field("listedAt", SortOrder.Desc));
        sorts.add(field("id", SortOrder.Asc));
        return sorts;
    }

    private static SortOptions field(String field, SortOrder order) {
        return SortOptions.of(s -> s.field(f -> f.field(field).order(order)));
    }

    private static List<AggregationRange> priceRanges() {
        return PRICE_BANDS.stream()
                .map(band -> AggregationRange.of(r -> {
                    r.key(band[0] + "-" + (band[1] == Long.MAX_VALUE ? "" : band[1]));
                    r.from((double) band[0]);
                    if (band[1] != Long.MAX_VALUE) {
                        r.to((double) band[1]);
                    }
                    return r;
                }))
                .toList();
    }
}
