package vn.ocop.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each event type has a JSON sample; reading it into the record and writing it back must give the
 * same JSON. Renaming, removing or adding a field without a new sample fails here; a field added
 * without the {@link Nullable} mark needs a new version besides, since events written before it lack it.
 */
class EventContractTests {

    static Iterable<Class<? extends PlatformEvent>> events() {
        return EventCatalog.events();
    }

    @ParameterizedTest
    @MethodSource("events")
    void sampleRoundTripsThroughTheRecordUnchanged(Class<? extends PlatformEvent> event) throws IOException {
        var type = EventCatalog.typeOf(event);
        var sample = sample(type);

        var read = EventCodec.read(type, sample);
        var written = EventCodec.write(read);

        assertThat(read).isInstanceOf(event);
        assertThat(EventCodec.mapper().readTree(written))
                .isEqualTo(EventCodec.mapper().readTree(sample));
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventCarriesIdTimeAggregateAndVersion(Class<? extends PlatformEvent> event) throws IOException {
        var read = EventCodec.read(EventCatalog.typeOf(event), sample(EventCatalog.typeOf(event)));

        assertThat(read.eventId()).isNotNull();
        assertThat(read.occurredAt()).isNotNull();
        assertThat(read.aggregateId()).isNotBlank();
        assertThat(read.aggregateVersion()).isPositive();
        assertThat(EventCatalog.topicOf(event)).startsWith("ocop.");
    }

    @Test
    void typeNamesCarryTheSchemaVersion() {
        assertThat(EventCatalog.typeOf(vn.ocop.events.catalog.ProducerRegistered.class))
                .isEqualTo("vn.ocop.catalog.ProducerRegistered.v1");
    }

    @Test
    void refusesAnUnknownTypeAsUnreadable() {
        assertThatThrownBy(() -> EventCodec.read("vn.ocop.catalog.Nothing.v1", "{}"))
                .isInstanceOf(UnreadableEvent.class)
                .hasMessageContaining("unknown event type");
    }

    @Test
    void refusesAPayloadMissingARequiredFieldAsUnreadable() {
        assertThatThrownBy(() -> EventCodec.read("vn.ocop.catalog.ProducerRegistered.v1", "{\"name\":\"x\"}"))
                .isInstanceOf(UnreadableEvent.class);
    }

    @Test
    void aFieldMarkedNullableMayBeMissingAsInAnEventWrittenBeforeItWasAdded() throws IOException {
        var listed = (ObjectNode) EventCodec.mapper().readTree(sample("vn.ocop.catalog.ProductListed.v1"));
        for (var field : List.of("thumbnailKey", "listedAt", "stars")) {
            ((ObjectNode) listed.get("product")).remove(field);
        }
        var registered = (ObjectNode) EventCodec.mapper().readTree(sample("vn.ocop.catalog.ProducerRegistered.v1"));
        registered.remove("legacyDistrict");

        var product = ((vn.ocop.events.catalog.ProductListed)
                        EventCodec.read("vn.ocop.catalog.ProductListed.v1", listed.toString()))
                .product();
        var producer = (vn.ocop.events.catalog.ProducerRegistered)
                EventCodec.read("vn.ocop.catalog.ProducerRegistered.v1", registered.toString());

        assertThat(product.thumbnailKey()).isNull();
        assertThat(product.listedAt()).isNull();
        assertThat(product.stars()).isNull();
        assertThat(product.name()).isEqualTo("Trà hoa vàng Ba Chẽ hộp 100 g (sample data)");
        assertThat(producer.legacyDistrict()).isNull();
        assertThat(producer.name()).isNotBlank();
    }

    @Test
    void aMissingFieldNotMarkedNullableMakesTheEventUnreadableNamingIt() throws IOException {
        for (var field : List.of("name", "priceVnd", "listed", "producerId")) {
            var listed = (ObjectNode) EventCodec.mapper().readTree(sample("vn.ocop.catalog.ProductListed.v1"));
            ((ObjectNode) listed.get("product")).remove(field);

            assertThatThrownBy(() -> EventCodec.read("vn.ocop.catalog.ProductListed.v1", listed.toString()))
                    .isInstanceOf(UnreadableEvent.class)
                    .hasMessageContaining("'" + field + "'");
        }
        var placed = (ObjectNode) EventCodec.mapper().readTree(sample("vn.ocop.order.OrderPlaced.v1"));
        placed.remove("destination");
        assertThatThrownBy(() -> EventCodec.read("vn.ocop.order.OrderPlaced.v1", placed.toString()))
                .isInstanceOf(UnreadableEvent.class)
                .hasMessageContaining("'destination'");
    }

    @Test
    void refusesMalformedJsonAsUnreadable() {
        assertThatThrownBy(() -> EventCodec.read("vn.ocop.catalog.ProducerRegistered.v1", "{not json"))
                .isInstanceOf(UnreadableEvent.class);
    }

    private static String sample(String type) throws IOException {
        try (InputStream in = EventContractTests.class.getResourceAsStream("samples/" + type + ".json")) {
            assertThat(in).as("sample for %s", type).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
