package vn.ocop.catalog.search;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the catalogue's Elasticsearch cluster is. */
@ConfigurationProperties("ocop.elasticsearch")
record SearchProperties(List<URI> uris) {}
