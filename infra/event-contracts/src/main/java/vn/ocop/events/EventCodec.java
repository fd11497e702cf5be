package vn.ocop.events;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads event records as the JSON of the published language: ISO-8601 instants, field
 * names as in the records. Readers tolerate fields they don't know (a newer publisher may add
 * optional ones) and a missing field marked {@link Nullable} (read as null: an event written before
 * the field was added), but no other missing field and no null for a number or a flag.
 */
public final class EventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .annotationIntrospector(new RequiredUnlessNullable())
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

    /** Every field of an event record must be present in its JSON, unless it is marked {@link Nullable}. */
    private static final class RequiredUnlessNullable extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasRequiredMarker(MapperConfig<?> config, AnnotatedMember member) {
            if (member.hasAnnotation(Nullable.class)) {
                return false;
            }
            var marked = super.hasRequiredMarker(config, member);
            if (marked != null) {
                return marked;
            }
            return member.getDeclaringClass().isRecord() ? Boolean.TRUE : null;
        }
    }

    /** The mapper behind the codec, for tests that compare JSON trees. */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
