package vn.ocop.catalog.media;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxSize the largest photo accepted
 * @param thumbnailSize the longest side of a thumbnail, in pixels
 * @param bucket the object-store bucket of photos and thumbnails
 */
@ConfigurationProperties("ocop.catalog.photos")
record PhotoProperties(
        @DefaultValue("5MB") DataSize maxSize,
        @DefaultValue("320") int thumbnailSize,
        @DefaultValue("ocop-media") String bucket) {}
