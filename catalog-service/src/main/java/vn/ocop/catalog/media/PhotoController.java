package vn.ocop.catalog.media;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import vn.ocop.web.Caller;
import vn.ocop.web.ProblemException;

@RestController
@RequestMapping("/api/products/{product}")
class PhotoController {

    private final Photos photos;

    PhotoController(Photos photos) {
        this.photos = photos;
    }

    /** Uploads a photo as the multipart part {@code file}. */
    @PostMapping(value = "/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Photos.PhotoView> add(
            @PathVariable UUID product, @RequestParam("file") MultipartFile file, Caller caller) throws IOException {
        var photo = photos.add(product, file.getBytes(), caller);
        return ResponseEntity.created(URI.create("/api/products/" + product + "/photos/" + photo.id()))
                .body(photo);
    }

    @GetMapping("/photos")
    List<Photos.PhotoView> list(@PathVariable UUID product, Caller caller) {
        return photos.list(product, caller);
    }

    @DeleteMapping("/photos/{photo}")
    ResponseEntity<Void> delete(@PathVariable UUID product, @PathVariable UUID photo, Caller caller) {
        photos.delete(product, photo, caller);
        return ResponseEntity.noContent().build();
    }

    /** Redirects to a short-lived link to the product's thumbnail (what search results point at). */
    @GetMapping("/thumbnail")
    ResponseEntity<Void> thumbnail(@PathVariable UUID product) {
        var url = photos.thumbnailUrl(product)
                .orElseThrow(() -> ProblemException.notFound("A photo of product " + product));
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(url)).build();
    }
}
