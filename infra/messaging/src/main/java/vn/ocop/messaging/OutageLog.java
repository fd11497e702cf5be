package vn.ocop.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RetryListener;

/**
 * Says, one line a try, that a consumer is waiting out an outage rather than failing on a record: the
 * operator sees which server is away and that nothing is being dead-lettered meanwhile.
 */
final class OutageLog implements RetryListener {

    private static final Logger log = LoggerFactory.getLogger(OutageLog.class);

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
        if (Outages.isOutage(failure)) {
            log.warn(
                    "{}-{}@{} waits for a server to come back (try {}): {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    attempt,
                    rootCause(failure));
        }
    }

    private static String rootCause(Throwable failure) {
        var cause = failure;
        for (int depth = 0; cause.getCause() != null && depth < 32; depth++) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
