package vn.ocop.order.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** How a transfer that pays several orders of a checkout is shared among them. */
class TransferSharesTests {

    @Test
    void aTransferOfTheDueOrMorePaysEachOrderItsTotal() {
        assertThat(Payments.shares(150_000, new long[] {100_000, 50_000})).containsExactly(100_000, 50_000);
        assertThat(Payments.shares(180_000, new long[] {100_000, 50_000})).containsExactly(100_000, 50_000);
    }

    @Test
    void aShortTransferIsSharedInProportionAndItsPartsAddUpToIt() {
        // 145,001 of 150,000: 96,667.33 and 48,333.67; the đồng left goes to the larger remainder.
        assertThat(Payments.shares(145_001, new long[] {100_000, 50_000})).containsExactly(96_667, 48_334);
        // 80 of three equal totals of 30: 26.67 each, two đồng left after rounding down; the first two
        // orders take one each.
        assertThat(Payments.shares(80, new long[] {30, 30, 30})).containsExactly(27, 27, 26);
        var shares = Payments.shares(1_000_001, new long[] {333_333, 333_333, 333_335, 7});
        assertThat(Arrays.stream(shares).sum()).isEqualTo(1_000_001);
    }

    @Test
    void largeTotalsDoNotOverflow() {
        long total = 4_000_000_000_000_000L;
        var shares = Payments.shares(total, new long[] {total, total});
        assertThat(shares).containsExactly(2_000_000_000_000_000L, 2_000_000_000_000_000L);
    }
}
