package vn.ocop.catalog.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.transport.rest5_client.low_level.ResponseSamples;
import co.elastic.clients.util.BinaryData;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import vn.ocop.web.ProblemException;

/**
 * What a failed call to Elasticsearch becomes for the shopper: a 503 with Retry-After when it passes
 * by itself, the failure itself (and so a 500) when it is a fault to fix.
 */
class ProductSearchFailureTests {

    @ParameterizedTest
    @ValueSource(ints = {404, 429, 502, 503, 504})
    void anAnswerThatPassesByItselfIsA503WithRetryAfter(int status) {
        var refused = elasticsearchError(status);

        assertThatThrownBy(() -> ProductSearch.ask(() -> {
                    throw refused;
                }))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(problem.type().toString()).endsWith("search-unavailable");
                    assertThat(problem.retryAfter()).contains(ProblemException.RETRY_AFTER);
                    assertThat(problem.getCause()).isSameAs(refused);
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 500})
    void anAnswerThatWillNotChangeOnRetryStaysWhatItIs(int status) {
        var refused = elasticsearchError(status);

        assertThatThrownBy(() -> ProductSearch.ask(() -> {
                    throw refused;
                }))
                .isSameAs(refused);
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void aProxysErrorPageThatSaysBusyOrAwayIsA503(int status) {
        assertThatThrownBy(() -> ProductSearch.ask(() -> {
                    throw new TransportException(response(status), "not an Elasticsearch error", "search");
                }))
                .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.status())
                        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504})
    void theRestClientsReportOfAnAbsentNodeOrShardIsA503(int status) {
        assertThatThrownBy(() -> ProductSearch.ask(() -> {
                    throw ResponseSamples.error(status);
                }))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(problem.retryAfter()).contains(ProblemException.RETRY_AFTER);
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 501, 505})
    void theRestClientsReportOfAnInternalErrorStaysAFault(int status) {
        var failed = ResponseSamples.error(status);

        assertThatThrownBy(() -> ProductSearch.ask(() -> {
                    throw failed;
                }))
                .isInstanceOf(UncheckedIOException.class)
                .hasCause(failed);
        assertThat(ElasticsearchFailures.passing(failed)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 500})
    void anAnswerThisClientCannotReadIsAFaultNotAnOutage(int status) {
        var unreadable = new TransportException(response(status), "cannot decode", "search");

        assertThatThrownBy(() -> ProductSearch.ask(() -> {
                    throw unreadable;
                }))
                .isInstanceOf(UncheckedIOException.class)
                .hasCause(unreadable);
    }

    @Test
    void noConnectionIsA503() {
        assertThatThrownBy(() -> ProductSearch.ask(() -> {
                    throw new ConnectException("Connection refused");
                }))
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(problem.retryAfter()).contains(ProblemException.RETRY_AFTER);
                });
    }

    private static ElasticsearchException elasticsearchError(int status) {
        return new ElasticsearchException("search", ErrorResponse.of(e -> e.status(status)
                .error(c -> c.type("sample_exception").reason("sample refusal " + status))));
    }

    /** An HTTP answer as the transport hands it over: a status and an HTML body, as a proxy sends. */
    private static TransportHttpClient.Response response(int status) {
        return new TransportHttpClient.Response() {
            @Override
            public TransportHttpClient.Node node() {
                return null;
            }

            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public List<String> headers(String name) {
                return List.of();
            }

            @Override
            public BinaryData body() {
                return BinaryData.of("<html>gateway</html>".getBytes(), "text/html");
            }

            @Override
            public Object originalResponse() {
                return null;
            }

            @Override
            public void close() {}
        };
    }
}
