package vn.ocop.events.catalog;

import vn.ocop.events.PlatformEvent;

/** An event about one product; each carries the product as it is after the change. */
public sealed interface ProductEvent extends PlatformEvent
        permits ProductListed, ProductUpdated, ProductDelisted, StockChanged {

    ProductSnapshot product();
}
