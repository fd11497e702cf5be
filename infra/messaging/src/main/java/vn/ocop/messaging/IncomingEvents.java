package vn.ocop.messaging;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import vn.ocop.events.CloudEventHeaders;
import vn.ocop.events.EventCodec;
import vn.ocop.events.PlatformEvent;
import vn.ocop.events.UnreadableEvent;

/** Reads a Kafka record of the platform back into its event record, by its CloudEvents type header. */
public final class IncomingEvents {

    private IncomingEvents() {}

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
