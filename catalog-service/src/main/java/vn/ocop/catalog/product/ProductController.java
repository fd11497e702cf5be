package vn.ocop.catalog.product;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;

@RestController
@RequestMapping("/api/products")
class ProductController {

    private final Products products;

    ProductController(Products products) {
        this.products = products;
    }

    @PostMapping
    ResponseEntity<ProductView> create(@Valid @RequestBody ProductRequests.CreateProduct request, Caller caller) {
        var product = products.create(request, caller);
        return ResponseEntity.created(URI.create("/api/products/" + product.id()))
                .body(product);
    }

    /** The product page: public, from the catalogue itself (not the search index). */
    @GetMapping("/{id}")
    ProductView find(@PathVariable UUID id) {
        return products.findForSale(id).orElseThrow(() -> ProblemException.notFound("Product " + id));
    }

    @PatchMapping("/{id}")
    ProductView update(
            @PathVariable UUID id, @Valid @RequestBody ProductRequests.UpdateProduct request, Caller caller) {
        return products.update(id, request, caller);
    }

    @PutMapping("/{id}/stock")
    ProductView setStock(@PathVariable UUID id, @Valid @RequestBody ProductRequests.SetStock request, Caller caller) {
        return products.setStock(id, request.stock(), request.expectedStock(), caller);
    }

    @PostMapping("/{id}/stock/adjustments")
    ProductView adjustStock(
            @PathVariable UUID id, @Valid @RequestBody ProductRequests.AdjustStock request, Caller caller) {
        return products.adjustStock(id, request.change(), caller);
    }

    @PostMapping("/{id}/listing")
    ProductView list(@PathVariable UUID id, Caller caller) {
        return products.list(id, caller);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id, Caller caller) {
        products.delete(id, caller);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{id}/listing")
    ProductView delist(
            @PathVariable UUID id,
            @Valid @RequestBody(required = false) ProductRequests.Delist request,
            Caller caller) {
        return products.delist(id, request == null ? null : request.reason(), caller);
    }
}
