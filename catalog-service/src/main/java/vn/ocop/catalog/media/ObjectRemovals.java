package vn.ocop.catalog.media;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import vn.ocop.storage.ObjectStore;
import vn.ocop.storage.ObjectStoreException;

/**
 * The photo objects that must be removed from object storage, kept in the catalogue's database so
 * that none is forgotten: a removal object storage refuses, or one the service stopped before, is
 * tried again by a sweep every minute, waiting twice as long after each failure (up to about 17
 * hours). Several instances sweep without meeting: each takes the rows the others have not locked.
 */
@Component
class ObjectRemovals {

    private static final Logger log = LoggerFactory.getLogger(ObjectRemovals.class);
    private static final int SWEEP_BATCH = 100;

    private final JdbcClient jdbc;
    private final ObjectStore objects;
    private final PhotoProperties properties;
    private final Clock clock;

    ObjectRemovals(JdbcClient jdbc, ObjectStore objects, PhotoProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.objects = objects;
        this.properties = properties;
        this.clock = clock;
    }

    /** Records, in the caller's transaction, that {@code keys} must be removed from {@code due} on. */
    @Transactional(propagation = Propagation.MANDATORY)
    void due(Collection<String> keys, Instant due) {
        jdbc.sql(
                        """
                        insert into object_removal (object_key, due_at) select unnest(?::text[]), ?
                        on conflict (object_key) do update set due_at = least(object_removal.due_at, excluded.due_at)
                        """)
                .params(keys.toArray(String[]::new), Timestamp.from(due))
                .update();
    }

    /** Takes back, in the caller's transaction, the removal of objects that turned out to be kept. */
    @Transactional(propagation = Propagation.MANDATORY)
    void keep(Collection<String> keys) {
        jdbc.sql("delete from object_removal where object_key = any(?)")
                .param(keys.toArray(String[]::new))
                .update();
    }

    /**
     * Removes {@code keys} now, after the transaction that made them due committed, and forgets each
     * one removed; one object storage refuses is left for the sweep. Returns how many were removed.
     */
    int removeNow(Collection<String> keys) {
        int removed = 0;
        for (var key : keys) {
            try {
                removeAndForget(key);
                removed++;
            } catch (RuntimeException e) {
                // The deletion has committed: whatever fails here (object storage, or the database while
                // forgetting the key) is the sweep's to finish, not the caller's failure.
                log.warn("Could not remove {} from object storage; the sweep will try again", key, e);
            }
        }
        return removed;
    }

    private void removeAndForget(String key) {
        objects.remove(properties.bucket(), key);
        jdbc.sql("delete from object_removal where object_key = ?").param(key).update();
    }

    @Scheduled(
            fixedDelayString = "${ocop.catalog.object-removal-interval:PT1M}",
            initialDelayString = "${ocop.catalog.object-removal-interval:PT1M}")
    void everyMinute() {
        int removed = sweep(clock.instant());
        if (removed > 0) {
            log.info("Removed {} object(s) left to remove from object storage", removed);
        }
    }

    /**
     * Removes the objects due by {@code now}, a batch at a time until none is left or one batch could
     * remove nothing. Each is first put off as though its removal failed, so that another instance
     * does not take it while this one works, and forgotten once removed. Returns how many were removed.
     */
    int sweep(Instant now) {
        int removed = 0;
        while (true) {
            List<String> taken = jdbc.sql(
                            """
                            update object_removal r
                            set attempts = r.attempts + 1,
                                due_at = ?::timestamptz + interval '1 minute' * power(2, least(r.attempts, 10))
                            from (select object_key from object_removal where due_at <= ? order by due_at
                                  limit ? for update skip locked) d
                            where r.object_key = d.object_key
                            returning r.object_key
                            """)
                    .params(Timestamp.from(now), Timestamp.from(now), SWEEP_BATCH)
                    .query(String.class)
                    .list();
            int batch = 0;
            for (var key : taken) {
                try {
                    removeAndForget(key);
                    batch++;
                } catch (ObjectStoreException e) {
                    jdbc.sql("update object_removal set last_error = ? where object_key = ?")
                            .params(String.valueOf(e.getCause()), key)
                            .update();
                }
            }
            removed += batch;
            if (taken.size() < SWEEP_BATCH || batch == 0) {
                if (taken.size() > batch) {
                    log.warn(
                            "Could not remove {} object(s) from object storage; tried again later",
                            taken.size() - batch);
                }
                return removed;
            }
        }
    }
}
