package vn.ocop.catalog.search;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.ocop.catalog.product.Products;
import vn.ocop.web.PlainText;
import vn.ocop.web.ProblemException;

/** The public storefront search, autocomplete, and the office's command to rebuild the index. */
@RestController
class SearchController {

    private final ProductSearch search;
    private final ProductIndex index;
    private final Products products;

    SearchController(ProductSearch search, ProductIndex index, Products products) {
        this.search = search;
        this.index = index;
        this.products = products;
    }

    @GetMapping("/api/products")
    SearchResults search(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String group,
            @RequestParam(required = false) String minStars,
            @RequestParam(required = false) String province,
            @RequestParam(required = false) String commune,
            @RequestParam(required = false) String producer,
            @RequestParam(required = false) String minPrice,
            @RequestParam(required = false) String maxPrice,
            @RequestParam(required = false) String inStock,
            @RequestParam(required = false) String near,
            @RequestParam(required = false) String radiusKm,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String page,
            @RequestParam(required = false) String size) {
        // Composed like the catalogue's own text, so that a query typed with combining marks matches.
        return search.search(SearchRequest.parse(
                PlainText.normalize(q),
                group,
                minStars,
                PlainText.normalize(province),
                PlainText.normalize(commune),
                producer,
                minPrice,
                maxPrice,
                inStock,
                near,
                radiusKm,
                sort,
                page,
                size));
    }

    @GetMapping("/api/products/suggest")
    List<String> suggest(@RequestParam(required = false) String q) {
        if (q == null || q.isBlank()) {
            throw ProblemException.invalid("q", "must not be empty");
        }
        if (q.length() > 100) {
            throw ProblemException.invalid("q", "must be at most 100 characters");
        }
        return search.suggest(PlainText.normalize(SearchRequest.plain("q", q.strip())));
    }

    /**
     * Builds a fresh index from the catalogue and swaps it in; queries keep working throughout. While this
     * instance is already filling one (a rebuild asked for twice, or the upgrade a new release starts
     * with), it answers 409 at once rather than waiting to build another. Of two rebuilds at once on two
     * instances, the one that finishes second answers 409: the index the first put in place is the one
     * searches use.
     */
    @PostMapping("/api/admin/search/rebuild")
    ProductIndex.Rebuilt rebuild() {
        try {
            return index.rebuildUnlessBusy(SearchProjection.catalogue(products));
        } catch (ProductIndex.Busy e) {
            var problem = ProblemException.conflict(
                    "rebuild-running",
                    e.getMessage() + " now; the alias moves to the new index once it holds every product.");
            e.filling().ifPresent(filling -> problem.with("index", filling));
            throw problem;
        } catch (ProductIndex.Superseded e) {
            throw ProblemException.conflict("rebuild-superseded", e.getMessage());
        }
    }
}
