package vn.ocop.catalog.product;

/** Whole Vietnamese đồng, shown the Vietnamese way: "125.000 ₫". */
public record Vnd(long amount) {

    public Vnd {
        if (amount < 0) {
            throw new IllegalArgumentException("negative amount " + amount);
        }
    }

    public String display() {
        var digits = Long.toString(amount);
        var grouped = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                grouped.append('.');
            }
            grouped.append(digits.charAt(i));
        }
        return grouped + " ₫";
    }
}
