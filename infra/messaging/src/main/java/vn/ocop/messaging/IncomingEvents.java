package vn.ocop.messaging;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import vn.ocop.events.CloudEventHeaders;
import vn.ocop.events.EventCatalog;
import vn.ocop.events.EventCodec;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.UnreadableEvent;

/** Reads a Kafka record of the platform back into its event record, by its CloudEvents type header. */
public final class IncomingEvents {

    private IncomingEvents() {}

    /**
     * Whether a record is worth reading for a consumer that handles only {@code handled}, judged by
     * its CloudEvents type header without reading the payload. A consumer passes over the other
     * events of a topic it shares (most of an order's life, for the stock saga) without decoding or
     * recording them. A record with no type header, or of a type the platform does not know, is
     * worth reading: reading it fails, and it goes to the dead-letter topic as before.
     */
    @SafeVarargs
    public static boolean concerns(ConsumerRecord<String, String> record, Class<? extends PlatformEvent>... handled) {
        var header = record.headers().lastHeader(CloudEventHeaders.TYPE);
        if (header == null) {
            return true;
        }
        var type = new String(header.value(), StandardCharsets.UTF_8);
        if (EventCatalog.forType(type).isEmpty()) {
            return true;
        }
        for (var event : handled) {
            if (EventCatalog.typeOf(event).equals(type)) {
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
