package vn.ocop.trace;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the trace service's links point.
 *
 * @param resolverBase the public base of Digital Link URIs printed in QR codes, such as {@code https://id.ocop.vn}
 * @param storefrontProductUrl the shopper's product page, {@code {id}} standing for the product id (the
 *     {@code gs1:pip} link)
 * @param productPhotoUrl the product's public picture, {@code {id}} standing for the product id
 * @param cloneWarningScans a package scanned more often than this is flagged as a possibly copied label
 * @param labelBucket the object-store bucket of printable label sheets
 * @param documentBucket the object-store bucket of batch documents (lab results, photos, certificates)
 */
@ConfigurationProperties("ocop.trace")
public record TraceProperties(
        @DefaultValue("http://127.0.0.1:8083") String resolverBase,
        @DefaultValue("http://127.0.0.1:8081/api/products/{id}") String storefrontProductUrl,
        @DefaultValue("http://127.0.0.1:8081/api/products/{id}/thumbnail") String productPhotoUrl,
        @DefaultValue("20") int cloneWarningScans,
        @DefaultValue("ocop-labels") String labelBucket,
        @DefaultValue("ocop-documents") String documentBucket) {

    public String storefrontProductUrl(Object productId) {
        return storefrontProductUrl.replace("{id}", productId.toString());
    }

    public String productPhotoUrl(Object productId) {
        return productPhotoUrl.replace("{id}", productId.toString());
    }
}
