package vn.ocop.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of an event that may be null, and so may also be missing from an event's JSON: one
 * written before the field was added to its record, or by a publisher that leaves nulls out. Every
 * other field must be there, or the event is unreadable ({@link EventCodec}). A field added to a
 * published event type is added with this mark, or it is a new version of the type.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Nullable {}
