package vn.ocop.catalog.search;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Generates a synthetic catalogue of realistic Vietnamese OCOP product names (invented benchmark
 * data): product kinds of the six groups, qualities, places and packagings, combined at random from
 * a fixed seed so that every run indexes the same catalogue.
 */
final class SyntheticCatalogue {

    record Kind(String group, String name, long basePrice) {}

    static final List<Kind> KINDS = List.of(
            new Kind("BEVERAGES", "Trà hoa vàng", 400_000),
            new Kind("BEVERAGES", "Rượu ba kích", 350_000),
            new Kind("BEVERAGES", "Chè xanh", 120_000),
            new Kind("BEVERAGES", "Rượu mơ", 200_000),
            new Kind("BEVERAGES", "Nước cốt gừng", 90_000),
            new Kind("BEVERAGES", "Cà phê rang xay", 180_000),
            new Kind("FOOD", "Miến dong", 70_000),
            new Kind("FOOD", "Dầu sở", 180_000),
            new Kind("FOOD", "Nước mắm", 150_000),
            new Kind("FOOD", "Chả mực", 320_000),
            new Kind("FOOD", "Sá sùng khô", 1_500_000),
            new Kind("FOOD", "Hàu sấy", 250_000),
            new Kind("FOOD", "Gà đồi", 420_000),
            new Kind("FOOD", "Mật ong", 250_000),
            new Kind("FOOD", "Đường phèn", 90_000),
            new Kind("FOOD", "Mứt dương đào", 120_000),
            new Kind("FOOD", "Bánh gai", 50_000),
            new Kind("FOOD", "Ruốc mực", 190_000),
            new Kind("FOOD", "Mắm tôm", 70_000),
            new Kind("FOOD", "Gạo nếp cái hoa vàng", 60_000),
            new Kind("HERBAL", "Ba kích tím", 600_000),
            new Kind("HERBAL", "Cao ba kích", 900_000),
            new Kind("HERBAL", "Giảo cổ lam", 150_000),
            new Kind("HERBAL", "Nấm linh chi", 700_000),
            new Kind("HERBAL", "Tinh dầu quế", 120_000),
            new Kind("HERBAL", "Trà dược liệu", 110_000),
            new Kind("TEXTILES", "Túi thổ cẩm", 350_000),
            new Kind("TEXTILES", "Khăn thổ cẩm", 280_000),
            new Kind("TEXTILES", "Áo chàm", 650_000),
            new Kind("SOUVENIRS_DECORATION", "Tranh than đá", 1_100_000),
            new Kind("SOUVENIRS_DECORATION", "Đèn mây tre", 450_000),
            new Kind("SOUVENIRS_DECORATION", "Gốm Đông Triều", 380_000),
            new Kind("RURAL_TOURISM", "Tour trải nghiệm bản", 650_000),
            new Kind("RURAL_TOURISM", "Homestay nhà sàn", 800_000));

    static final List<String> QUALITIES = List.of(
            "thượng hạng", "đặc biệt", "truyền thống", "hữu cơ", "nguyên chất", "loại 1", "cao cấp", "gia truyền");
    static final List<String> PLACES = List.of(
            "Ba Chẽ",
            "Bình Liêu",
            "Vân Đồn",
            "Hạ Long",
            "Tiên Yên",
            "Đầm Hà",
            "Hải Hà",
            "Móng Cái",
            "Cô Tô",
            "Đông Triều",
            "Quảng Yên",
            "Uông Bí",
            "Cẩm Phả",
            "Hoành Bồ",
            "Quan Lạn",
            "Yên Tử");
    static final List<String> PACKS = List.of(
            "hộp 100 g", "hộp 200 g", "gói 500 g", "gói 1 kg", "chai 500 ml", "chai 250 ml", "hũ 300 g", "hộp quà");
    static final List<String> COMMUNES = List.of(
            "xã Ba Chẽ",
            "xã Bình Liêu",
            "đặc khu Vân Đồn",
            "phường Hồng Gai",
            "xã Tiên Yên",
            "xã Đầm Hà",
            "xã Quảng Hà",
            "phường Móng Cái 1",
            "đặc khu Cô Tô",
            "phường Đông Triều",
            "phường Quảng Yên",
            "phường Uông Bí");

    private SyntheticCatalogue() {}

    /** A generated product name, e.g. "Trà hoa vàng thượng hạng Ba Chẽ hộp 100 g". */
    static String name(Random random, Kind kind) {
        return kind.name() + " " + pick(random, QUALITIES) + " " + pick(random, PLACES) + " " + pick(random, PACKS);
    }

    /**
     * Inserts {@code producers} verified producers with a five-year four-star certificate each, and
     * {@code products} listed products spread over them. Returns the producer ids.
     */
    static List<UUID> insert(JdbcTemplate jdbc, int producers, int products, long seed) {
        var random = new Random(seed);
        var now = Timestamp.from(Instant.now());
        var producerIds = new ArrayList<UUID>();
        var certificateIds = new ArrayList<UUID>();
        var producerRows = new ArrayList<Object[]>();
        var certificateRows = new ArrayList<Object[]>();
        for (int i = 0; i < producers; i++) {
            var id = UUID.randomUUID();
            producerIds.add(id);
            var commune = pick(random, COMMUNES);
            producerRows.add(new Object[] {
                id,
                "HTX Tổng Hợp " + (i + 1) + " " + commune.replaceFirst("^\\S+ ", "") + " (benchmark data)",
                "COOPERATIVE",
                String.format("9%09d", (seed % 1000) * 1_000_000 + i),
                "Quảng Ninh",
                commune,
                21.0 + random.nextDouble() * 0.6,
                107.0 + random.nextDouble() * 0.6,
                now
            });
            var certificate = UUID.randomUUID();
            certificateIds.add(certificate);
            certificateRows.add(new Object[] {
                certificate,
                id,
                (1000 + i) + "/QĐ-UBND",
                3 + random.nextInt(3),
                "UBND tỉnh Quảng Ninh",
                Date.valueOf(LocalDate.now().minusYears(1)),
                Date.valueOf(LocalDate.now().plusYears(4)),
                now
            });
        }
        jdbc.batchUpdate(
                "insert into producer (id, version, name, kind, tax_code, province, commune, latitude, longitude, "
                        + "phone, verified, registered_at) values (?, 1, ?, ?, ?, ?, ?, ?, ?, '0203000000', true, ?)",
                producerRows);
        jdbc.batchUpdate(
                "insert into certificate (id, producer_id, decision_number, stars, issuing_authority, recognised_on, "
                        + "expires_on, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                certificateRows);
        var rows = new ArrayList<Object[]>(5_000);
        for (int i = 0; i < products; i++) {
            int owner = random.nextInt(producers);
            var kind = pick(random, KINDS);
            long price =
                    Math.max(10_000, Math.round(kind.basePrice() * (0.6 + random.nextDouble() * 0.8) / 1000) * 1000);
            rows.add(new Object[] {
                UUID.randomUUID(),
                producerIds.get(owner),
                name(random, kind),
                "Sản phẩm OCOP " + kind.name().toLowerCase() + " (benchmark data).",
                kind.group(),
                "hộp",
                "1 đơn vị",
                price,
                random.nextInt(10) == 0 ? 0 : random.nextInt(500),
                certificateIds.get(owner),
                Timestamp.from(Instant.now().minusSeconds(random.nextInt(3_000_000))),
                now,
                now
            });
            if (rows.size() == 5_000 || i == products - 1) {
                jdbc.batchUpdate(
                        "insert into product (id, version, producer_id, name, description, ocop_group, unit, net_quantity, "
                                + "price_vnd, stock, status, certificate_id, listed_at, created_at, updated_at) "
                                + "values (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'LISTED', ?, ?, ?, ?)",
                        rows);
                rows.clear();
            }
        }
        return producerIds;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
