package vn.ocop.catalog.product;

import java.util.List;
import java.util.UUID;

/** In-process notice that a product and its photo rows are gone; its stored objects go after commit. */
public record ProductRemoved(UUID productId, List<String> objectKeys) {}
