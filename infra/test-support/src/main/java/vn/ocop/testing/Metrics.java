package vn.ocop.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a service's metrics as a monitoring system would: its {@code /actuator/prometheus} page. */
public final class Metrics {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Http http;

    public Metrics(int port) {
        this.http = new Http(port);
    }

    /** The page, read with the monitoring account's token. */
    public String scrape() {
        var response = http.get("/actuator/prometheus", TestTokens.monitoring());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /**
     * The sum of the samples of {@code name} (as the page spells it: {@code ocop_consumer_dead_letters_total})
     * that carry every one of {@code labels}; 0 when there is none, as for a counter not yet counted.
     */
    public double value(String name, Map<String, String> labels) {
        return value(scrape(), name, labels);
    }

    static double value(String page, String name, Map<String, String> labels) {
        double sum = 0;
        for (var line : page.split("\n")) {
            var sample = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
                continue;
            }
            var found = new HashMap<String, String>();
            var label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }
}
