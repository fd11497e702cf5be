package vn.ocop.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;
import vn.ocop.events.PlatformEvent;

/**
 * Applies what one poll brought a batch listener in a single database transaction: the records are
 * read, the ones this consumer has already processed are dropped (in one statement), and the rest
 * go to the handler together, in the order they arrived. A consumer that keeps up under load this
 * way spends a few round trips on a hundred events rather than a few on each.
 *
 * <p>If the batch fails, nothing of it is kept, and its records are applied again one per
 * transaction. The first record that fails on its own is reported by its index in a {@link
 * BatchListenerFailedException}: the container commits the records before it, retries it, and then
 * publishes it to the dead-letter topic, and the consumer goes on with the records after it. A batch
 * that fails because a server is away ({@link Outages}) is not taken apart: its first record waits
 * until the server is back, and nothing is dead-lettered.
 */
public class EventBatches {

    private static final Logger log = LoggerFactory.getLogger(EventBatches.class);

    /** An event as it arrived, with the W3C traceparent of the trace its effects continue. */
    public record Incoming(PlatformEvent event, @Nullable String traceparent) {}

    /** Applies events not processed before, in order, inside the batch's transaction. */
    @FunctionalInterface
    public interface Handler {
        void apply(List<Incoming> events);
    }

    private final TransactionTemplate transactions;
    private final ProcessedEvents processed;

    EventBatches(TransactionTemplate transactions, ProcessedEvents processed) {
        this.transactions = transactions;
        this.processed = processed;
    }

    /**
     * Applies the records of {@code handled} types (by their type header, as {@link
     * IncomingEvents#concerns} judges) to {@code handler} as consumer {@code consumer}; passes over
     * the rest.
     *
     * @throws BatchListenerFailedException naming the first record that cannot be applied
     */
    @SafeVarargs
    public final void apply(
            String consumer,
            List<ConsumerRecord<String, String>> records,
            Handler handler,
            Class<? extends PlatformEvent>... handled) {
        var concerned = new ArrayList<Integer>(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (IncomingEvents.concerns(records.get(i), handled)) {
                concerned.add(i);
            }
        }
        if (concerned.isEmpty()) {
            return;
        }
        if (concerned.size() > 1) {
            try {
                transactions.executeWithoutResult(status -> applyOnce(consumer, records, concerned, handler));
                return;
            } catch (RuntimeException failed) {
                var failure = failure(consumer, records, concerned.getFirst(), failed);
                if (failure instanceof WaitingForOutage) {
                    // Every record would fail alike: wait at the first one.
                    throw failure;
                }
                log.info(
                        "A batch of {} events for {} failed ({}); applying them one by one",
                        concerned.size(),
                        consumer,
                        failed.toString());
            }
        }
        for (int index : concerned) {
            try {
                transactions.executeWithoutResult(status -> applyOnce(consumer, records, List.of(index), handler));
            } catch (RuntimeException failed) {
                throw failure(consumer, records, index, failed);
            }
        }
    }

    /**
     * The failure of the record at {@code index}, as one of two unrelated classes: the error handler starts
     * its tries afresh when a record's failure changes class, and it must do so when an outage ends and the
     * record turns out bad (or the other way round), to switch between waiting and dead-lettering.
     */
    private static BatchListenerFailedException failure(
            String consumer, List<ConsumerRecord<String, String>> records, int index, RuntimeException failed) {
        var message = consumer + " could not apply the record at offset "
                + records.get(index).offset();
        return Outages.isOutage(failed)
                ? new WaitingForOutage(message, failed, index)
                : new RecordFailed(message, failed, index);
    }

    /** A record of the batch failed because a server is away (see {@link Outages}). */
    static final class WaitingForOutage extends BatchListenerFailedException {
        WaitingForOutage(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }

    /** A record of the batch failed on its own account. */
    static final class RecordFailed extends BatchListenerFailedException {
        RecordFailed(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }

    private void applyOnce(
            String consumer, List<ConsumerRecord<String, String>> records, List<Integer> indices, Handler handler) {
        var events = new ArrayList<Incoming>(indices.size());
        var ids = new ArrayList<UUID>(indices.size());
        for (int index : indices) {
            var record = records.get(index);
            var event = IncomingEvents.read(record);
            events.add(new Incoming(event, IncomingEvents.traceparent(record)));
            ids.add(event.eventId());
        }
        var fresh = processed.firstDeliveries(consumer, ids);
        var unseen = new ArrayList<Incoming>(fresh.size());
        for (var incoming : events) {
            // remove: an event delivered twice within the batch is applied once
            if (fresh.remove(incoming.event().eventId())) {
                unseen.add(incoming);
            }
        }
        if (!unseen.isEmpty()) {
            handler.apply(unseen);
        }
    }
}
