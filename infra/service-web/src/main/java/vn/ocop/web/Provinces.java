package vn.ocop.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The 34 provinces and centrally-run cities of Vietnam since the reform of 1 July 2025, each kept under
 * one name. A province is recognised however it is typed: with or without diacritics, in any case, with
 * either tone placement ("Khánh Hoà", "Khánh Hòa"), with or without "tỉnh" or "thành phố" before it. So
 * "tinh quang ninh" and "Quảng Ninh" are one province in the records, the search facets and the filters.
 *
 * <p>The 29 provinces merged away by the reform are recognised too, to say which province each is part
 * of now.
 */
public final class Provinces {

    // Declared first: the maps below are filled through key().
    private static final Pattern KIND = Pattern.compile("^(tinh|thanh pho|tp) ");

    /** Every province and centrally-run city, as the platform names them. */
    public static final List<String> ALL = List.of(
            "An Giang",
            "Bắc Ninh",
            "Cà Mau",
            "Cao Bằng",
            "Cần Thơ",
            "Đà Nẵng",
            "Đắk Lắk",
            "Điện Biên",
            "Đồng Nai",
            "Đồng Tháp",
            "Gia Lai",
            "Hà Nội",
            "Hà Tĩnh",
            "Hải Phòng",
            "Thành phố Hồ Chí Minh",
            "Huế",
            "Hưng Yên",
            "Khánh Hòa",
            "Lai Châu",
            "Lạng Sơn",
            "Lào Cai",
            "Lâm Đồng",
            "Nghệ An",
            "Ninh Bình",
            "Phú Thọ",
            "Quảng Ngãi",
            "Quảng Ninh",
            "Quảng Trị",
            "Sơn La",
            "Tây Ninh",
            "Thái Nguyên",
            "Thanh Hóa",
            "Tuyên Quang",
            "Vĩnh Long");

    /** Other names of a province as it is now: abbreviations, older spellings, a former name of the same unit. */
    private static final Map<String, String> ALIASES = Map.of(
            "hcm", "Thành phố Hồ Chí Minh",
            "hcmc", "Thành phố Hồ Chí Minh",
            "hanoi", "Hà Nội",
            "daklak", "Đắk Lắk",
            "tt hue", "Huế",
            "tphcm", "Thành phố Hồ Chí Minh",
            "sai gon", "Thành phố Hồ Chí Minh",
            "hn", "Hà Nội",
            "thua thien hue", "Huế",
            "dac lac", "Đắk Lắk");

    /** The provinces the reform merged into another, by the province each is part of now. */
    private static final Map<String, String> MERGED = Map.ofEntries(
            Map.entry("Hà Giang", "Tuyên Quang"),
            Map.entry("Yên Bái", "Lào Cai"),
            Map.entry("Bắc Kạn", "Thái Nguyên"),
            Map.entry("Vĩnh Phúc", "Phú Thọ"),
            Map.entry("Hòa Bình", "Phú Thọ"),
            Map.entry("Bắc Giang", "Bắc Ninh"),
            Map.entry("Thái Bình", "Hưng Yên"),
            Map.entry("Hải Dương", "Hải Phòng"),
            Map.entry("Hà Nam", "Ninh Bình"),
            Map.entry("Nam Định", "Ninh Bình"),
            Map.entry("Quảng Bình", "Quảng Trị"),
            Map.entry("Quảng Nam", "Đà Nẵng"),
            Map.entry("Kon Tum", "Quảng Ngãi"),
            Map.entry("Bình Định", "Gia Lai"),
            Map.entry("Ninh Thuận", "Khánh Hòa"),
            Map.entry("Đắk Nông", "Lâm Đồng"),
            Map.entry("Bình Thuận", "Lâm Đồng"),
            Map.entry("Phú Yên", "Đắk Lắk"),
            Map.entry("Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),
            Map.entry("Bình Dương", "Thành phố Hồ Chí Minh"),
            Map.entry("Bình Phước", "Đồng Nai"),
            Map.entry("Long An", "Tây Ninh"),
            Map.entry("Sóc Trăng", "Cần Thơ"),
            Map.entry("Hậu Giang", "Cần Thơ"),
            Map.entry("Bến Tre", "Vĩnh Long"),
            Map.entry("Trà Vinh", "Vĩnh Long"),
            Map.entry("Tiền Giang", "Đồng Tháp"),
            Map.entry("Bạc Liêu", "Cà Mau"),
            Map.entry("Kiên Giang", "An Giang"));

    private static final Map<String, String> CURRENT = new HashMap<>();
    private static final Map<String, String> FORMER = new HashMap<>();

    static {
        ALL.forEach(name -> CURRENT.put(key(name), name));
        CURRENT.putAll(ALIASES);
        MERGED.keySet().forEach(name -> FORMER.put(key(name), name));
        FORMER.put("kontum", "Kon Tum");
        FORMER.put("bac can", "Bắc Kạn");
        FORMER.put("brvt", "Bà Rịa - Vũng Tàu");
        FORMER.put("vung tau", "Bà Rịa - Vũng Tàu");
    }

    private Provinces() {}

    /** The province {@code typed} names, as the platform names it; empty for anything else. */
    public static Optional<String> find(String typed) {
        return typed == null ? Optional.empty() : Optional.ofNullable(CURRENT.get(key(typed)));
    }

    /**
     * The province {@code typed} names, as the platform names it.
     *
     * @throws ProblemException naming {@code field}, when {@code typed} is no province: a province merged
     *     away in July 2025 is refused with the one it is part of now
     */
    public static String require(String field, String typed) {
        return find(typed).orElseThrow(() -> refusal(field, typed));
    }

    /** The problem {@link #require} answers for {@code typed}, naming {@code field}. */
    public static ProblemException refusal(String field, String typed) {
        return ProblemException.invalid(field, fault(typed));
    }

    /**
     * The province a place in {@code typed} lies in now: the province itself, or, for a province merged
     * away in July 2025, the one it is part of. For filters, where a shopper names a place as they know it.
     */
    public static Optional<String> findNow(String typed) {
        return find(typed)
                .or(() ->
                        Optional.ofNullable(typed).map(t -> FORMER.get(key(t))).map(MERGED::get));
    }

    /** Why {@code typed} is not a province's name. */
    private static String fault(String typed) {
        var former = typed == null ? null : FORMER.get(key(typed));
        return former != null
                ? "%s has been part of %s since 1 July 2025".formatted(former, MERGED.get(former))
                : "names no province or centrally-run city of Vietnam (the 34 since 1 July 2025)";
    }

    /** The name folded ({@link PlainText#fold}), without "tỉnh" or "thành phố" before it. */
    static String key(String name) {
        return KIND.matcher(PlainText.fold(name)).replaceFirst("");
    }
}
