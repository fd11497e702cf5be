package vn.ocop.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.ocop.events.CloudEventHeaders;
import vn.ocop.events.EventCatalog;
import vn.ocop.events.EventCodec;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.UnreadableEvent;

/** Reads a Kafka record of the platform back into its event record, by its CloudEvents type header. */
public final class IncomingEvents {

    private static final Logger log = LoggerFactory.getLogger(IncomingEvents.class);

    /** The unknown types passed over so far, each told of once in the log (and at most a hundred). */
    private static final Set<String> UNKNOWN_SEEN = ConcurrentHashMap.newKeySet();

    private IncomingEvents() {}

    /**
     * Whether a record is worth reading for a consumer that handles only {@code handled} (event
     * records, or interfaces such as {@code ProductEvent} standing for the records that implement
     * them), judged by its CloudEvents type header without reading the payload. A consumer passes
     * over the other events of a topic it shares (most of an order's life, for the stock saga)
     * without decoding or recording them, and so too over a type this version of the platform does
     * not know, which a newer service publishes for consumers that know it. Worth reading, so that
     * reading it fails and it goes to the dead-letter topic rather than pass unseen: a record with
     * no type header or one that is no versioned type name, and a version this consumer cannot read
     * of an event it handles ({@code OrderPlaced.v2} for a reader of {@code OrderPlaced.v1}).
     */
    @SafeVarargs
    public static boolean concerns(ConsumerRecord<String, String> record, Class<? extends PlatformEvent>... handled) {
        var header = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (header == null) {
            return true;
        }
        var type = new String(header.value(), StandardCharsets.UTF_8);
        var known = EventCatalog.forType(type);
        if (known.isPresent()) {
            return handles(handled, known.get());
        }
        var name = EventCatalog.nameOf(type);
        if (name.isEmpty()) {
            return true;
        }
        for (var event : EventCatalog.events()) {
            if (EventCatalog.nameOf(event).equals(name.get()) && handles(handled, event)) {
                return true;
            }
        }
        if (UNKNOWN_SEEN.size() < 100 && UNKNOWN_SEEN.add(type)) {
            log.info(
                    "Passing over events of type {} on {}, which this version of the platform does not know",
                    type,
                    record.topic());
        }
        return false;
    }

    private static boolean handles(Class<? extends PlatformEvent>[] handled, Class<? extends PlatformEvent> event) {
        for (var type : handled) {
            if (type.isAssignableFrom(event)) {
                return true;
            }
        }
        return false;
    }

    /** The W3C traceparent the record was published with, if any: the trace its effects continue. */
    public static @Nullable String traceparent(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader(CloudEventHeaders.TRACEPARENT);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** @throws UnreadableEvent if the record has no type header, an unknown type or a malformed payload */
    public static PlatformEvent read(ConsumerRecord<String, String> record) {
        var type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (type == null) {
            throw new UnreadableEvent("record has no " + CloudEventHeaders.TYPE + " header", null);
        }
        if (record.value() == null) {
            throw new UnreadableEvent("record has no payload", null);
        }
        return EventCodec.read(new String(type.value(), StandardCharsets.UTF_8), record.value());
    }
}
