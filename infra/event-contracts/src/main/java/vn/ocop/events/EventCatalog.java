package vn.ocop.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import vn.ocop.events.catalog.ProducerRegistered;
import vn.ocop.events.catalog.ProducerUpdated;
import vn.ocop.events.catalog.ProductDelisted;
import vn.ocop.events.catalog.ProductListed;
import vn.ocop.events.catalog.ProductUpdated;
import vn.ocop.events.catalog.StockChanged;
import vn.ocop.events.catalog.StockRejected;
import vn.ocop.events.catalog.StockReleased;
import vn.ocop.events.catalog.StockReserved;
import vn.ocop.events.order.OrderCancelled;
import vn.ocop.events.order.OrderConfirmed;
import vn.ocop.events.order.OrderDelivered;
import vn.ocop.events.order.OrderExpired;
import vn.ocop.events.order.OrderPaid;
import vn.ocop.events.order.OrderPlaced;
import vn.ocop.events.order.OrderRejected;
import vn.ocop.events.order.OrderShipped;
import vn.ocop.events.trace.BatchRecalled;
import vn.ocop.events.trace.BatchRegistered;

/**
 * Every event type of the published language, by its versioned CloudEvents type name such as
 * {@code vn.ocop.catalog.ProducerRegistered.v1}.
 */
public final class EventCatalog {

    private static final List<Class<? extends PlatformEvent>> EVENTS = List.of(
            ProducerRegistered.class,
            ProducerUpdated.class,
            ProductListed.class,
            ProductUpdated.class,
            ProductDelisted.class,
            StockChanged.class,
            StockReserved.class,
            StockRejected.class,
            StockReleased.class,
            BatchRegistered.class,
            BatchRecalled.class,
            OrderPlaced.class,
            OrderConfirmed.class,
            OrderRejected.class,
            OrderPaid.class,
            OrderCancelled.class,
            OrderExpired.class,
            OrderShipped.class,
            OrderDelivered.class);

    /** Each record's type, read from its annotation once: consumers ask for it on every record. */
    private static final ClassValue<String> TYPES = new ClassValue<>() {
        @Override
        @SuppressWarnings("unchecked")
        protected String computeValue(Class<?> event) {
            var annotation = annotation((Class<? extends PlatformEvent>) event);
            return annotation.name() + ".v" + annotation.version();
        }
    };

    private static final Map<String, Class<? extends PlatformEvent>> BY_TYPE;

    private static final Pattern VERSIONED = Pattern.compile("(.+)\\.v[1-9][0-9]*");

    static {
        var byType = new LinkedHashMap<String, Class<? extends PlatformEvent>>();
        for (var event : EVENTS) {
            if (byType.put(typeOf(event), event) != null) {
                throw new IllegalStateException("Two events share the type " + typeOf(event));
            }
        }
        BY_TYPE = Collections.unmodifiableMap(byType);
    }

    private EventCatalog() {}

    /** All event records of the platform, in declaration order. */
    public static List<Class<? extends PlatformEvent>> events() {
        return EVENTS;
    }

    /** The versioned CloudEvents type of an event record, for example {@code vn.ocop.catalog.ProducerRegistered.v1}. */
    public static String typeOf(Class<? extends PlatformEvent> event) {
        return TYPES.get(event);
    }

    public static String topicOf(Class<? extends PlatformEvent> event) {
        return annotation(event).topic();
    }

    public static Optional<Class<? extends PlatformEvent>> forType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /**
     * The type's name without its version ({@code vn.ocop.order.OrderPlaced} of {@code
     * vn.ocop.order.OrderPlaced.v2}), known to this catalogue or not; empty for text that is no
     * versioned type name.
     */
    public static Optional<String> nameOf(String type) {
        var matcher = VERSIONED.matcher(type);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The name of an event record's type, without its version. */
    public static String nameOf(Class<? extends PlatformEvent> event) {
        return annotation(event).name();
    }

    private static EventType annotation(Class<? extends PlatformEvent> event) {
        var annotation = event.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new IllegalArgumentException(event.getName() + " is not annotated with @EventType");
        }
        return annotation;
    }
}
