package vn.ocop.trace;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A counter that moves whenever something a scan shows has changed in this instance (a batch, its
 * events, a recall, a catalogue copy), once the change has committed. The resolver's cache keeps an
 * entry only while the counter stands still, and at most a couple of seconds in any case, which is
 * how long a change made through another instance can take to show.
 */
@Component
public class TraceChanges {

    private final AtomicLong generation = new AtomicLong();

    public long generation() {
        return generation.get();
    }

    /** Records a change; within a transaction, it counts once the transaction commits. */
    public void changed() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    generation.incrementAndGet();
                }
            });
        } else {
            generation.incrementAndGet();
        }
    }
}
