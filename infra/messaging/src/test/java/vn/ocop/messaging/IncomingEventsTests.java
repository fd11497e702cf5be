package vn.ocop.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import vn.ocop.events.CloudEventHeaders;
import vn.ocop.events.EventCatalog;
import vn.ocop.events.catalog.ProductEvent;
import vn.ocop.events.catalog.ProductListed;
import vn.ocop.events.catalog.StockReserved;
import vn.ocop.events.order.OrderCancelled;
import vn.ocop.events.order.OrderConfirmed;
import vn.ocop.events.order.OrderPlaced;

/** Which records a consumer reads, judged by their type header alone. */
class IncomingEventsTests {

    @Test
    void aConsumerPassesOverKnownEventsItDoesNotHandle() {
        assertThat(IncomingEvents.concerns(record(EventCatalog.typeOf(OrderPlaced.class)), OrderPlaced.class))
                .isTrue();
        assertThat(IncomingEvents.concerns(
                        record(EventCatalog.typeOf(OrderCancelled.class)), OrderPlaced.class, OrderCancelled.class))
                .isTrue();
        assertThat(IncomingEvents.concerns(record(EventCatalog.typeOf(OrderConfirmed.class)), OrderPlaced.class))
                .isFalse();
    }

    @Test
    void aRecordWithoutATypeOrOfAVersionItCannotReadOfAnEventItHandlesIsReadSoThatItReachesTheDeadLetterTopic() {
        assertThat(IncomingEvents.concerns(record(null), OrderPlaced.class)).isTrue();
        assertThat(IncomingEvents.concerns(record("OrderPlaced"), OrderPlaced.class))
                .as("no versioned type name")
                .isTrue();
        assertThat(IncomingEvents.concerns(record("vn.ocop.order.OrderPlaced.v2"), OrderPlaced.class))
                .isTrue();
        assertThat(IncomingEvents.concerns(record("vn.ocop.catalog.ProductUpdated.v2"), ProductEvent.class))
                .isTrue();
    }

    @Test
    void aConsumerPassesOverEventsOfTypesThisPlatformVersionDoesNotKnowAndVersionsOfOnesItDoesNotHandle() {
        assertThat(IncomingEvents.concerns(record("vn.ocop.nothing.Unheard.v9"), OrderPlaced.class))
                .isFalse();
        assertThat(IncomingEvents.concerns(record("vn.ocop.order.OrderConfirmed.v2"), OrderPlaced.class))
                .isFalse();
    }

    @Test
    void anInterfaceStandsForTheEventsThatImplementIt() {
        assertThat(IncomingEvents.concerns(record(EventCatalog.typeOf(ProductListed.class)), ProductEvent.class))
                .isTrue();
        assertThat(IncomingEvents.concerns(record(EventCatalog.typeOf(StockReserved.class)), ProductEvent.class))
                .isFalse();
    }

    private static ConsumerRecord<String, String> record(String type) {
        var record = new ConsumerRecord<String, String>("ocop.orders.v1", 0, 0, "key", "{}");
        if (type != null) {
            record.headers().add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
