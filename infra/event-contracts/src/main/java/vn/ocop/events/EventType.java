package vn.ocop.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an event record in the published language: its CloudEvents type (for example {@code
 * vn.ocop.catalog.ProducerRegistered}), its schema version and the topic it travels on.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** CloudEvents type without the version suffix. */
    String name();

    /** Schema version; a breaking change to the record means a new version. */
    int version();

    /** The Kafka topic, one of {@link Topics}. */
    String topic();
}
