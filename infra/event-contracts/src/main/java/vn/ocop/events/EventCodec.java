package vn.ocop.events;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads event records as the JSON of the published language: ISO-8601 instants, field
 * names as in the records. Readers tolerate fields they don't know (a newer producer may add
 * optional ones) but not missing primitives.
 */
public final class EventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private EventCodec() {}

    public static String write(PlatformEvent event) {
        return MAPPER.writeValueAsString(event);
    }

    /**
     * Reads the payload of an event whose versioned CloudEvents type is {@code type}.
     *
     * @throws UnreadableEvent if the type is unknown or the payload does not fit its record
     */
    public static PlatformEvent read(String type, String json) {
        var eventClass = EventCatalog.forType(type)
                .orElseThrow(() -> new UnreadableEvent("unknown event type '" + type + "'", null));
        try {
            return MAPPER.readValue(json, eventClass);
        } catch (JacksonException e) {
            throw new UnreadableEvent("payload of " + type + " does not fit its schema: " + e.getOriginalMessage(), e);
        }
    }

    /** The mapper behind the codec, for tests that compare JSON trees. */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
