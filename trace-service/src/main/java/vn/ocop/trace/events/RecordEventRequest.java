package vn.ocop.trace.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * A trace event in EPCIS 2.0 / CBV 2.0 terms.
 *
 * @param eventType ObjectEvent (the default), AggregationEvent, TransformationEvent, TransactionEvent or AssociationEvent
 * @param bizStep the CBV business step, such as commissioning (which covers harvesting), inspecting, packing, shipping
 * @param eventTime when, with its zone offset, such as 2026-05-10T07:30:00+07:00
 * @param corrects the event this one corrects (events are never changed; a correction is a new event)
 */
public record RecordEventRequest(
        @Pattern(
                        regexp = "ObjectEvent|AggregationEvent|TransformationEvent|TransactionEvent|AssociationEvent",
                        message = "must be an EPCIS 2.0 event type such as ObjectEvent")
                String eventType,
        @NotNull
                @Pattern(
                        regexp =
                                "commissioning|inspecting|packing|storing|shipping|receiving|transporting|sampling|retail_selling|processing|holding|destroying|repairing|loading|unloading",
                        message =
                                "must be a CBV 2.0 business step such as commissioning, inspecting, packing or shipping")
                String bizStep,
        @Pattern(regexp = "[a-z_]{1,40}", message = "must be a CBV disposition such as active, in_transit or recalled")
                String disposition,
        @NotBlank String eventTime,
        @Size(max = 200) String readPoint,
        @Size(max = 300) String bizLocation,
        @Size(max = 200) String who,
        @Size(max = 2000) String notes,
        @Size(max = 10) List<@NotNull @Valid Attachment> attachments,
        UUID corrects) {

    /** A document or photo about the event, by its https address. */
    public record Attachment(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 1000) @Pattern(regexp = "https://\\S+", message = "must be an https URL")
                    String url) {}
}
