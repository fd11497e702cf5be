package vn.ocop.web;

import java.net.URI;

/** Problem type URIs of the platform: {@code urn:ocop:problem:<name>}, stable across releases. */
public final class Problems {

    private static final String PREFIX = "urn:ocop:problem:";

    private Problems() {}

    public static URI type(String name) {
        return URI.create(PREFIX + name);
    }
}
