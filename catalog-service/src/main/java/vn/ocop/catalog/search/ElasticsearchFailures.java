package vn.ocop.catalog.search;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Which failures of a call to Elasticsearch pass by themselves: it cannot be reached; it is busy (429:
 * a full queue, a tripped circuit breaker, or an index blocked because its disk is nearly full); or it
 * is away (502, 503, 504: no copy of a shard can answer, or a proxy in front of it says so; the REST
 * client reports every status of 500 or more as a {@link ResponseException} once every node has
 * refused). A search answers them with a 503 the shopper may retry; the projection waits them out.
 * Anything else Elasticsearch refuses (a 500 included), or answers in a way the client cannot read, is
 * a fault to fix.
 */
final class ElasticsearchFailures {

    private ElasticsearchFailures() {}

    static boolean passing(Throwable failure) {
        return switch (failure) {
            case ElasticsearchException refused -> passing(refused.status());
            case TransportException unreadable -> passing(unreadable.statusCode());
            // The REST client's own report of a status of 500 or more, after trying every node.
            case ResponseException answered -> passing(answered.getResponse().getStatusCode());
            case IOException unreachable -> true;
            case UncheckedIOException wrapped -> passing(wrapped.getCause());
            default -> false;
        };
    }

    /**
     * Whether a write that failed with {@code failure} is good and will be taken later: Elasticsearch is
     * away or busy ({@link #passing}), or the index is blocked for writes (see {@link #refusedForNow}).
     */
    static boolean writeWaits(Throwable failure) {
        return passing(failure)
                || failure instanceof ElasticsearchException refused
                        && refusedForNow(refused.status(), refused.error());
    }

    /**
     * Whether a write Elasticsearch answered with {@code status} and {@code error} is refused only for now:
     * busy (429), or blocked, by an operator's or index lifecycle's {@code index.blocks.write} (403) or
     * by the flood-stage block Elasticsearch sets itself when a disk is nearly full (429).
     */
    static boolean refusedForNow(int status, ErrorCause error) {
        return status == 429 || "cluster_block_exception".equals(error.type());
    }

    private static boolean passing(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }
}
