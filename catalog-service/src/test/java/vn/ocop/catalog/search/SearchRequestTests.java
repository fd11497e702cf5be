package vn.ocop.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import vn.ocop.web.ProblemException;

class SearchRequestTests {

    @Test
    void readsEveryParameter() {
        var request = SearchRequest.parse(
                "mật ong",
                "food",
                "3",
                "Quảng Ninh",
                "xã Ba Chẽ",
                null,
                "10000",
                "500000",
                "true",
                "21.27,107.29",
                "30",
                "price_asc",
                "2",
                "50");

        assertThat(request.group()).hasToString("FOOD");
        assertThat(request.minStars()).isEqualTo(3);
        assertThat(request.nearLatitude()).isEqualTo(21.27);
        assertThat(request.radiusKm()).isEqualTo(30.0);
        assertThat(request.sort()).isEqualTo(SearchRequest.Sort.PRICE_ASC);
        assertThat(request.page()).isEqualTo(2);
        assertThat(request.size()).isEqualTo(50);
    }

    @Test
    void refusesAnUnknownSortNamingIt() {
        assertField(() -> parse("sort", "cheapest"), "sort");
    }

    @Test
    void refusesAnOversizedPageNamingIt() {
        assertField(() -> parse("size", "101"), "size");
    }

    @Test
    void refusesANearThatIsNotACoordinatePair() {
        assertField(() -> parse("near", "Hạ Long"), "near");
        assertField(() -> parse("near", "95,107"), "near");
        assertField(() -> parse("near", "NaN,NaN"), "near");
    }

    @Test
    void refusesAPriceRangeTheWrongWayRound() {
        assertField(
                () -> SearchRequest.parse(
                        null, null, null, null, null, null, "500", "100", null, null, null, null, null, null),
                "maxPrice");
    }

    @Test
    void refusesAProducerThatIsNoIdAndAnOverlongPlace() {
        assertField(() -> parse("producer", "HTX Ba Chẽ"), "producer");
        assertField(() -> parse("producer", "1-1-1-1-1"), "producer");
        assertField(() -> parse("province", "Quảng Ninh ".repeat(10)), "province");
        assertThat(parse("producer", "3F2504E0-4F89-11D3-9A0C-0305E82C3301").producer())
                .isEqualTo("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
    }

    @Test
    void refusesStarsOutsideOneToFive() {
        assertField(() -> parse("minStars", "6"), "minStars");
        assertField(() -> parse("minStars", "ba"), "minStars");
    }

    @Test
    void refusesPagesBeyondTheResultWindow() {
        assertField(
                () -> SearchRequest.parse(
                        null, null, null, null, null, null, null, null, null, null, null, null, "200", "100"),
                "page");
    }

    private static SearchRequest parse(String parameter, String value) {
        return SearchRequest.parse(
                null,
                null,
                parameter.equals("minStars") ? value : null,
                parameter.equals("province") ? value : null,
                null,
                parameter.equals("producer") ? value : null,
                null,
                null,
                null,
                parameter.equals("near") ? value : null,
                null,
                parameter.equals("sort") ? value : null,
                null,
                parameter.equals("size") ? value : null);
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).field()).isEqualTo(field));
    }
}
