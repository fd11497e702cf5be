package vn.ocop.catalog.certificate;

import java.util.List;
import java.util.UUID;

/**
 * A certificate was recorded for {@code products}, published within the recording transaction: a listed
 * product it rates better is moved to it there and then.
 */
public record CertificateRecorded(UUID certificateId, List<UUID> products) {}
