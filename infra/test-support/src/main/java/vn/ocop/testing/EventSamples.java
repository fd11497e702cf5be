package vn.ocop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import vn.ocop.events.EventCatalog;
import vn.ocop.events.EventCodec;
import vn.ocop.events.PlatformEvent;

/** The published language's JSON samples, for tests that check a record on Kafka has the contract's shape. */
public final class EventSamples {

    private EventSamples() {}

    /** The sample JSON of an event type. */
    public static String sample(Class<? extends PlatformEvent> event) {
        var type = EventCatalog.typeOf(event);
        try (var in = EventCatalog.class.getResourceAsStream("samples/" + type + ".json")) {
            if (in == null) {
                throw new IllegalStateException("No sample for " + type);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The top-level field names of a JSON object, sorted. */
    public static Set<String> fieldNames(String json) {
        var names = new TreeSet<String>();
        EventCodec.mapper().readTree(json).propertyNames().forEach(names::add);
        return names;
    }
}
