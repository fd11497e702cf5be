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
 * @param disposition the state the event leaves the goods in, such as active, in_transit or recalled
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
                        regexp = BIZ_STEPS,
                        message =
                                "must be a CBV 2.0 business step such as commissioning, inspecting, packing or shipping")
                String bizStep,
        @Pattern(
                        regexp = DISPOSITIONS,
                        message = "must be a CBV 2.0 disposition such as active, in_transit or recalled")
                String disposition,
        @NotBlank String eventTime,
        @Size(max = 200) String readPoint,
        @Size(max = 300) String bizLocation,
        @Size(max = 200) String who,
        @Size(max = 2000) String notes,
        @Size(max = 10) List<@NotNull @Valid Attachment> attachments,
        UUID corrects) {

    /**
     * Every business step of CBV 2.0. A product's processing (drying, roasting, pressing) is a
     * TransformationEvent, commissioning what it makes: CBV has no "processing" step.
     */
    static final String BIZ_STEPS =
            "accepting|arriving|assembling|collecting|commissioning|consigning|creating_class_instance|cycle_counting|decommissioning|departing|destroying|disassembling|dispensing|encoding|entering_exiting|holding|inspecting|installing|killing|loading|other|packing|picking|receiving|removing|repackaging|repairing|replacing|reserving|retail_selling|sampling|sensor_reporting|shipping|staging_outbound|stock_taking|stocking|storing|transporting|unloading|unpacking|void_shipping";

    /** Every disposition of CBV 2.0. */
    static final String DISPOSITIONS =
            "active|available|completeness_inferred|completeness_verified|conformant|container_closed|container_open|damaged|destroyed|dispensed|disposed|encoded|expired|in_progress|in_transit|inactive|mismatch_class|mismatch_instance|mismatch_quantity|needs_replacement|no_pedigree_match|non_conformant|non_sellable_other|partially_dispensed|recalled|reserved|retail_sold|returned|sellable_accessible|sellable_not_accessible|stolen|unavailable|unknown";

    /** A document or photo about the event, by its https address. */
    public record Attachment(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 1000) @Pattern(regexp = "https://\\S+", message = "must be an https URL")
                    String url) {}
}
