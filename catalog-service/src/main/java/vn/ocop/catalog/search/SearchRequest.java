package vn.ocop.catalog.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import vn.ocop.catalog.product.OcopGroup;
import vn.ocop.web.PlainText;
import vn.ocop.web.ProblemException;

/**
 * A storefront query, validated: every parameter that is wrong is named in the problem. The text is
 * only ever a value inside a structured query, never query syntax.
 */
record SearchRequest(
        String q,
        OcopGroup group,
        Integer minStars,
        String province,
        String commune,
        String producer,
        Long minPrice,
        Long maxPrice,
        Boolean inStock,
        Double nearLatitude,
        Double nearLongitude,
        Double radiusKm,
        Sort sort,
        int page,
        int size) {

    static final int MAX_SIZE = 100;
    static final int MAX_WINDOW = 10_000;

    enum Sort {
        RELEVANCE,
        PRICE_ASC,
        PRICE_DESC,
        NEWEST,
        STARS
    }

    /** Parses the raw parameters; throws a problem naming the first parameter that is wrong. */
    static SearchRequest parse(
            String q,
            String group,
            String minStars,
            String province,
            String commune,
            String producer,
            String minPrice,
            String maxPrice,
            String inStock,
            String near,
            String radiusKm,
            String sort,
            String page,
            String size) {
        var text = q == null || q.isBlank() ? null : plain("q", q.strip());
        if (text != null && text.length() > 200) {
            throw ProblemException.invalid("q", "must be at most 200 characters");
        }
        var parsedGroup = optional(group)
                .map(value -> {
                    try {
                        return OcopGroup.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw ProblemException.invalid(
                                "group", "must be one of " + Arrays.toString(OcopGroup.values()));
                    }
                })
                .orElse(null);
        var stars = optional(minStars)
                .map(value -> integer("minStars", value, 1, 5))
                .orElse(null);
        var low = optional(minPrice)
                .map(value -> (long) integer("minPrice", value, 0, Integer.MAX_VALUE))
                .orElse(null);
        var high = optional(maxPrice)
                .map(value -> (long) integer("maxPrice", value, 0, Integer.MAX_VALUE))
                .orElse(null);
        if (low != null && high != null && low > high) {
            throw ProblemException.invalid("maxPrice", "must not be below minPrice");
        }
        var stock = optional(inStock)
                .map(value -> switch (value) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw ProblemException.invalid("inStock", "must be true or false");
                })
                .orElse(null);
        Double latitude = null;
        Double longitude = null;
        Double radius = null;
        if (near != null) {
            var parts = near.split(",");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                latitude = Double.parseDouble(parts[0].strip());
                longitude = Double.parseDouble(parts[1].strip());
            } catch (NumberFormatException e) {
                throw ProblemException.invalid("near", "must be latitude,longitude, e.g. 21.27,107.29");
            }
            if (!Double.isFinite(latitude)
                    || !Double.isFinite(longitude)
                    || latitude < -90
                    || latitude > 90
                    || longitude < -180
                    || longitude > 180) {
                throw ProblemException.invalid("near", "latitude must be within ±90 and longitude within ±180");
            }
            radius = optional(radiusKm)
                    .map(value -> {
                        try {
                            var km = Double.parseDouble(value);
                            if (!(km > 0 && km <= 1000)) {
                                throw new NumberFormatException();
                            }
                            return km;
                        } catch (NumberFormatException e) {
                            throw ProblemException.invalid(
                                    "radiusKm", "must be a number of kilometres above 0 and at most 1000");
                        }
                    })
                    .orElse(25.0);
        } else if (radiusKm != null) {
            throw ProblemException.invalid("radiusKm", "needs near=latitude,longitude");
        }
        var order = optional(sort)
                .map(value -> {
                    try {
                        return Sort.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw ProblemException.invalid(
                                "sort", "must be one of relevance, price_asc, price_desc, newest, stars");
                    }
                })
                .orElse(Sort.RELEVANCE);
        int pageNumber = optional(page)
                .map(value -> integer("page", value, 0, MAX_WINDOW))
                .orElse(0);
        int pageSize =
                optional(size).map(value -> integer("size", value, 1, MAX_SIZE)).orElse(20);
        if ((long) (pageNumber + 1) * pageSize > MAX_WINDOW) {
            throw ProblemException.invalid("page", "page × size must stay within the first " + MAX_WINDOW + " results");
        }
        var producerId = optional(producer)
                .map(value -> {
                    if (!UUID_TEXT.matcher(value).matches()) {
                        throw ProblemException.invalid("producer", "must be a producer's id (a UUID)");
                    }
                    return value.toLowerCase(Locale.ROOT);
                })
                .orElse(null);
        return new SearchRequest(
                text,
                parsedGroup,
                stars,
                place("province", province),
                place("commune", commune),
                producerId,
                low,
                high,
                stock,
                latitude,
                longitude,
                radius,
                order,
                pageNumber,
                pageSize);
    }

    /** A place name as the catalogue keeps it: at most 100 characters, like a producer's address. */
    private static String place(String field, String value) {
        var name = optional(value).map(text -> plain(field, text)).orElse(null);
        if (name != null && name.length() > 100) {
            throw ProblemException.invalid(field, "must be at most 100 characters");
        }
        return name;
    }

    /**
     * {@code value}, if it is text as the catalogue keeps it ({@link PlainText}): a parameter holds no
     * control characters, as a body's text does not.
     */
    static String plain(String field, String value) {
        var fault = PlainText.fault(value);
        if (fault != null) {
            throw ProblemException.invalid(field, fault);
        }
        return value;
    }

    private static final Pattern UUID_TEXT =
            Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    private static int integer(String field, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw ProblemException.invalid(field, "must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(field, "must be a whole number");
        }
    }
}
