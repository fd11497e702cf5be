package vn.ocop.catalog.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.mapping.TermVectorOption;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.indices.IndexState;
import co.elastic.clients.json.JsonData;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.ocop.events.catalog.ProductSnapshot;
import vn.ocop.messaging.ServerUnavailable;

/**
 * The product search index. Readers and writers use the alias {@code products}; behind it is one
 * concrete index {@code products-<time>}, which a rebuild replaces without a failed query.
 *
 * <p>Documents are written with Elasticsearch's external versioning, the product's own version: an
 * older event arriving late, or the same event twice, is refused by Elasticsearch and so changes
 * nothing.
 *
 * <p>The index's layout (mapping and analysis, {@code search/products-index.json}) carries a schema
 * number in its {@code _meta}. A service that finds an older layout behind the alias rebuilds the
 * index from the catalogue ({@link #upgrade}); until the new index is in place, searches keep to
 * what the old one can answer.
 */
@Component
public class ProductIndex {

    static final String ALIAS = "products";
    static final String LAYOUT = "/search/products-index.json";

    /** This release's index layout: raise {@code _meta.schema} in the layout with every change to it. */
    static final int SCHEMA = schemaOf(LAYOUT);

    private static final Logger log = LoggerFactory.getLogger(ProductIndex.class);
    /** The name {@link #createIndex} gives an index: the only ones {@link #removeLeftovers} may delete. */
    private static final Pattern BUILT_NAME = Pattern.compile(Pattern.quote(ALIAS) + "-\\d{8}-\\d{6}-\\d{3}");

    /** The {@code _meta} key of a rebuild's mark on the index it fills: when it was last renewed, in epoch ms. */
    static final String BUILDING = "rebuilding_heartbeat";

    /** The {@code _meta} key that marks an index {@link #ensureExists} made empty (see {@link #swapTo}). */
    static final String SEED = "seed";

    /** How often a rebuild renews its mark (see {@link #removeLeftovers()}). */
    private static final Duration HEARTBEAT = Duration.ofSeconds(30);

    /** How many products a rebuild reads and writes at a time. */
    private static final int PAGE = 500;

    /**
     * How far before a rebuild's start its catch-up looks for changed products: a change is stamped by the
     * database's clock when its statement runs, which may be a while before its transaction commits.
     */
    private static final Duration CATCH_UP_MARGIN = Duration.ofMinutes(5);

    private static final DateTimeFormatter SUFFIX =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final ElasticsearchClient client;
    private final Clock clock;
    /** The index a running rebuild fills; live writes go there too, so the rebuild misses nothing. */
    private volatile String rebuilding;
    /**
     * Held by every {@link #put} (shared), and by a failed rebuild deleting its index (exclusive): a write to
     * that index by name must not come after the delete, or Elasticsearch would create it again with a
     * mapping guessed from one document.
     */
    private final ReadWriteLock writes = new ReentrantReadWriteLock();
    /**
     * Held by whatever changes which index stands behind the alias (creating the first, upgrading, restoring,
     * rebuilding) and by the sweep of leftovers: one at a time on this instance.
     */
    private final ReentrantLock exclusive = new ReentrantLock();
    /**
     * Whether the index behind the alias stores term vectors for the folded names and descriptions
     * (which the fast vector highlighter needs), as this service last read its mapping; false until
     * it has.
     */
    private volatile boolean termVectors;

    /** The layout of the index behind the alias, as last read: below {@link #SCHEMA} while an upgrade is due. */
    private volatile int layoutBehindAlias = SCHEMA;

    /** Whether the index behind the alias is one {@link #ensureExists} made empty, as last read. */
    private volatile boolean seedBehindAlias;

    /**
     * How long a rebuild's mark may go unrenewed before its index counts as left over (see {@link
     * #removeLeftovers()}); the instances' clocks must agree to well within it.
     */
    private final Duration leftoverAge;

    ProductIndex(
            ElasticsearchClient client,
            Clock clock,
            @Value("${ocop.catalog.search.leftover-index-age:10m}") Duration leftoverAge) {
        this.client = client;
        this.clock = clock;
        this.leftoverAge = leftoverAge;
    }

    /**
     * A summary of a rebuild, for the command that asked for it: the new index, the one it replaced, how
     * many products it holds, and the indices earlier rebuilds had left behind, now deleted.
     */
    public record Rebuilt(String index, @Nullable String previous, int documents, List<String> leftoversRemoved) {}

    /** Creates the first index behind the alias unless the alias exists. */
    public void ensureExists() {
        exclusive.lock();
        try {
            if (!client.indices().existsAlias(a -> a.name(ALIAS)).value()) {
                var index = createIndex(true);
                log.info("Created search index {} behind alias {}", index, ALIAS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            exclusive.unlock();
        }
    }

    /**
     * Rebuilds the index from {@code source} when the one behind the alias (see {@link #ensureExists})
     * has an older layout than this release's, or is the empty one {@link #ensureExists} made while
     * the catalogue has products; returns whether it did. An index with a newer layout (a rolled-back
     * release) is left as it is.
     */
    public boolean upgrade(ProductSource source) {
        return exclusively(() -> upgradeExclusively(source));
    }

    private boolean upgradeExclusively(ProductSource source) {
        int schema = readLayout();
        if (schema > SCHEMA) {
            log.warn("Search index has layout {}, newer than this release's {}; leaving it", schema, SCHEMA);
        }
        // A seed behind the alias means the alias was missing when an instance started: a new cluster, or
        // one that lost its data. Events fill it only with the products that change from then on, so a
        // catalogue that has products already builds it whole. (On a new platform the seed holds only what
        // events wrote; built once from the catalogue, it is a seed no longer.)
        boolean unfilled =
                schema <= SCHEMA && seedBehindAlias && !source.page(null, 1).isEmpty();
        if (schema >= SCHEMA && !unfilled) {
            return false;
        }
        if (unfilled) {
            log.warn(
                    "Search index behind alias {} was made empty for a missing alias and the catalogue has products:"
                            + " building it from the catalogue",
                    ALIAS);
        } else {
            log.info(
                    "Search index has layout {}, this release's is {}: rebuilding it from the catalogue",
                    schema,
                    SCHEMA);
        }
        try {
            rebuild(source);
        } catch (Superseded e) {
            // Instances starting together with this release each upgrade; the first to finish is enough.
            log.info("{}", e.getMessage());
            readLayout();
            return false;
        }
        return true;
    }

    /**
     * Reads the mapping of the index behind the alias: returns its layout (an index from before
     * layouts were numbered is 1) and notes whether it has term vectors and whether it is a seed.
     */
    int readLayout() {
        try {
            var mapping = client.indices().getMapping(m -> m.index(ALIAS)).mappings().values().stream()
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No index behind alias " + ALIAS))
                    .mappings();
            termVectors = Stream.of("name", "description").allMatch(field -> {
                var property = mapping.properties().get(field);
                var folded = property == null || !property.isText()
                        ? null
                        : property.text().fields().get("folded");
                return folded != null
                        && folded.isText()
                        && folded.text().termVector() == TermVectorOption.WithPositionsOffsets;
            });
            var seed = mapping.meta().get(SEED);
            seedBehindAlias = seed != null && seed.to(Boolean.class);
            var schema = mapping.meta().get("schema");
            layoutBehindAlias = schema == null ? 1 : schema.to(Integer.class);
            return layoutBehindAlias;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the index behind the alias has term vectors for the fast vector highlighter, as last read. */
    boolean termVectors() {
        return termVectors;
    }

    /** Writes {@code product} at {@code version}; returns false when the index already holds that version or a newer one. */
    public boolean put(ProductSnapshot product, long version) {
        writes.readLock().lock();
        try {
            // Read before writing through the alias: a rebuild that swaps the alias in between must still get this
            // write.
            var target = rebuilding;
            boolean written = write(ALIAS, product, version);
            if (target != null) {
                write(target, product, version);
            }
            return written;
        } finally {
            writes.readLock().unlock();
        }
    }

    private boolean write(String index, ProductSnapshot product, long version) {
        boolean alias = index.equals(ALIAS);
        if (alias && layoutBehindAlias < SCHEMA) {
            // An upgrade is due or under way, here or on another instance: the alias may have moved on.
            try {
                readLayout();
            } catch (RuntimeException unreadable) {
                log.debug("Could not read the layout behind {}", ALIAS, unreadable);
            }
        }
        // An index of an older layout refuses the fields it does not map (its mapping is strict).
        var document = alias ? ProductDocuments.of(product, layoutBehindAlias) : ProductDocuments.of(product);
        try {
            // Through the alias, only ever to an index behind it: were the alias gone, Elasticsearch would
            // otherwise create an index named like it, with a mapping guessed from this one document, and
            // the alias could not be made again until someone deleted that index.
            client.index(i -> i.index(index)
                    .requireAlias(alias)
                    .id(product.productId().toString())
                    .version(version)
                    .versionType(VersionType.External)
                    .document(document));
            return true;
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                return false;
            }
            if (alias && e.status() == 404) {
                throw new AliasMissing(e);
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Another instance's rebuild or restore moved the alias first (see {@link #build}): this one's index was
     * deleted, and the index behind the alias is the other's, as complete as this one would have been.
     */
    public static final class Superseded extends RuntimeException {
        Superseded(List<String> behindAlias, Exception cause) {
            super(
                    "Another rebuild or restore moved alias " + ALIAS + " first, to " + String.join(", ", behindAlias)
                            + "; this one's index was dropped",
                    cause);
        }
    }

    /** The alias is gone: its index was deleted, or the cluster lost its data. See {@link #restore}. */
    static final class AliasMissing extends RuntimeException {
        AliasMissing(ElasticsearchException cause) {
            super("No index behind alias " + ALIAS, cause);
        }
    }

    /**
     * Builds the index again from {@code source} if the alias is gone; returns whether it did. The alias
     * comes back only with the whole catalogue behind it: until then searches find no index, and a
     * restore that fails leaves the alias missing, so that the next one tries again. Instances restoring at
     * once each build an index; the first to finish puts it behind the alias, and the others drop theirs and
     * return false.
     */
    public boolean restore(ProductSource source) {
        return exclusively(() -> restoreExclusively(source));
    }

    private boolean restoreExclusively(ProductSource source) {
        try {
            if (client.indices().existsAlias(a -> a.name(ALIAS)).value()) {
                return false;
            }
            if (client.indices().exists(e -> e.index(ALIAS)).value()) {
                throw new IllegalStateException("An index named '" + ALIAS + "' stands where the search alias"
                        + " belongs (created by a write before the alias existed); delete it, and the next"
                        + " product event builds the search index again");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.warn("Search index alias {} is gone; building the index again from the catalogue", ALIAS);
        try {
            build(source, List.of());
        } catch (Superseded e) {
            log.info("{}", e.getMessage());
            readLayout();
            return false;
        }
        return true;
    }

    /**
     * Builds a fresh index from {@code source} (the catalogue's products with their versions), then
     * points the alias at it in one atomic step and drops the old index. Throws {@link Superseded} if
     * another instance's rebuild moved the alias first.
     */
    public Rebuilt rebuild(ProductSource source) {
        return exclusively(() -> {
            ensureExists();
            var built = build(source, behindAlias());
            return new Rebuilt(built.index(), built.previous(), built.documents(), removeLeftovers());
        });
    }

    /** Runs {@code work} holding {@link #exclusive}. */
    private <T> T exclusively(Supplier<T> work) {
        exclusive.lock();
        try {
            return work.get();
        } finally {
            exclusive.unlock();
        }
    }

    /**
     * As {@link #rebuild}, unless this instance is rebuilding, upgrading or restoring the index already: then
     * {@link Busy} at once, rather than a second rebuild once the first is done. (A sweep of leftovers or the
     * creation of the first index, which take moments, is waited for.)
     */
    public Rebuilt rebuildUnlessBusy(ProductSource source) {
        try {
            if (!exclusive.tryLock(2, TimeUnit.SECONDS)) {
                throw new Busy(rebuilding);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to rebuild the search index", e);
        }
        try {
            return rebuild(source);
        } finally {
            exclusive.unlock();
        }
    }

    /** This instance is rebuilding, upgrading or restoring the index already; {@code filling} is its new index. */
    public static final class Busy extends RuntimeException {
        private final @Nullable String filling;

        Busy(@Nullable String filling) {
            super("The search index is being rebuilt on this instance"
                    + (filling == null ? "" : ", into " + filling + ","));
            this.filling = filling;
        }

        public Optional<String> filling() {
            return Optional.ofNullable(filling);
        }
    }

    /** The indices the alias is on: one, unless someone put it on more by hand. */
    private List<String> behindAlias() {
        try {
            if (!client.indices().existsAlias(a -> a.name(ALIAS)).value()) {
                return List.of();
            }
            return client.indices().getAlias(a -> a.name(ALIAS)).aliases().keySet().stream()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fills a new index from {@code source}, then moves the alias to it from the indices it was on,
     * {@code previous} (none: adds it).
     */
    private Rebuilt build(ProductSource source, List<String> previous) {
        try {
            var started = source.now();
            var index = createIndex(false);
            rebuilding = index;
            int documents = 0;
            List<String> replaced;
            try {
                var marked = markBuilding(index);
                for (List<Versioned> batch = source.page(null, PAGE);
                        !batch.isEmpty();
                        batch = source.page(last(batch), PAGE)) {
                    bulk(index, batch);
                    documents += batch.size();
                    if (clock.instant().isAfter(marked.plus(HEARTBEAT))) {
                        marked = markBuilding(index);
                    }
                }
                client.indices().refresh(r -> r.index(index));
                requireStillBuilding(index);
                replaced = swapTo(index, previous);
            } catch (IOException | RuntimeException e) {
                rebuilding = null;
                writes.writeLock().lock();
                try {
                    client.indices().delete(d -> d.index(index));
                } catch (IOException | RuntimeException undeleted) {
                    e.addSuppressed(undeleted);
                } finally {
                    writes.writeLock().unlock();
                }
                throw e;
            } finally {
                rebuilding = null;
            }
            markBuilt(index);
            int changed;
            try {
                changed = catchUp(index, source, started.minus(CATCH_UP_MARGIN));
            } finally {
                replaced.forEach(this::deleteReplaced);
            }
            log.info(
                    "Rebuilt search index {} with {} products, {} of them read again as changed meanwhile (was {})",
                    index,
                    documents,
                    changed,
                    replaced);
            try {
                // Only after the swap: until then searches may still reach the previous index.
                readLayout();
            } catch (RuntimeException e) {
                log.warn(
                        "Could not read the new search index's layout ({}); searches keep the default highlighter until the next start or rebuild",
                        e.getMessage());
            }
            return new Rebuilt(index, replaced.isEmpty() ? null : String.join(",", replaced), documents, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts the alias on {@code index}, as its write index, and takes it off {@code previous}, all in one
     * atomic step that Elasticsearch refuses whole if the alias is no longer on each of {@code previous}
     * ({@code must_exist}) or already has a write index elsewhere. So of two instances rebuilding or
     * restoring at once, only the first to get here moves the alias; the second gets {@link Superseded},
     * and the alias is never on two indices, where searches would find every product twice and writes
     * through it would fail. Returns the indices the alias left, for the caller to delete.
     */
    private List<String> swapTo(String index, List<String> previous) throws IOException {
        try {
            client.indices().updateAliases(u -> {
                u.actions(a -> a.add(add -> add.index(index).alias(ALIAS).isWriteIndex(true)));
                for (var replaced : previous) {
                    u.actions(a -> a.remove(
                            remove -> remove.index(replaced).alias(ALIAS).mustExist(true)));
                }
                return u;
            });
            return previous;
        } catch (ElasticsearchException | IOException e) {
            // Refused (the client reports some refusals, such as a second write index, as an I/O failure with
            // the answer's status), or unanswered: where the alias stands now says which.
            List<String> now;
            try {
                now = behindAlias();
            } catch (RuntimeException unread) {
                e.addSuppressed(unread);
                throw e;
            }
            if (now.contains(index)) {
                // The swap went through; only its answer was lost.
                return previous;
            }
            if (now.isEmpty() || now.equals(previous)) {
                throw e;
            }
            if (now.stream().allMatch(this::isSeed)) {
                // An instance starting while this one filled its index found no alias and put an empty index behind
                // it (ensureExists): this index, with every product, takes its place.
                log.info("Search index {} stands behind alias {} meanwhile, empty when made; replacing it", now, ALIAS);
                return swapTo(index, now);
            }
            throw new Superseded(now, e);
        }
    }

    /** Whether {@code index} is one that {@link #ensureExists} made, empty, to stand behind a missing alias. */
    private boolean isSeed(String index) {
        try {
            var seed = meta(index).get(SEED);
            return seed != null && seed.to(Boolean.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code _meta} of {@code index}'s mapping. */
    private Map<String, JsonData> meta(String index) throws IOException {
        return client.indices()
                .getMapping(m -> m.index(index))
                .mappings()
                .get(index)
                .mappings()
                .meta();
    }

    /**
     * Marks {@code index} as being filled by a rebuild, as of now, in its mapping's {@code _meta} (which an
     * update replaces whole, so the layout's schema number goes with it); returns when. A rebuild renews the
     * mark every {@link #HEARTBEAT} and takes it off once the alias has moved to the index.
     */
    private Instant markBuilding(String index) throws IOException {
        var now = clock.instant();
        client.indices().putMapping(m -> m.index(index)
                .meta(Map.of("schema", JsonData.of(SCHEMA), BUILDING, JsonData.of(now.toEpochMilli()))));
        return now;
    }

    private void markBuilt(String index) {
        try {
            client.indices().putMapping(m -> m.index(index).meta(Map.of("schema", JsonData.of(SCHEMA))));
        } catch (IOException | RuntimeException e) {
            // Harmless: an index behind the alias is never taken for a leftover.
            log.warn("Could not take the rebuild's mark off search index {}: {}", index, e.toString());
        }
    }

    /**
     * Refuses to move the alias to {@code index} unless it is still the one this rebuild created: had it been
     * deleted meanwhile, a bulk write would have made up an index of that name with a guessed mapping.
     */
    private void requireStillBuilding(String index) throws IOException {
        var meta = meta(index);
        if (meta.get(BUILDING) == null
                || meta.get("schema") == null
                || meta.get("schema").to(Integer.class) != SCHEMA) {
            throw new IllegalStateException("Search index " + index + " lost its layout while it was being filled"
                    + " (deleted and made again by a write); the rebuild is abandoned");
        }
    }

    /** Drops the index a rebuild replaced; a failure leaves it for an operator, and is no failure of the rebuild. */
    private void deleteReplaced(String previous) {
        try {
            client.indices().delete(d -> d.index(previous).ignoreUnavailable(true));
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete the replaced search index {}: {}", previous, e.toString());
        }
    }

    /**
     * Deletes the indices rebuilds left behind when they stopped half-way (the service killed during one):
     * a {@code products-<time>} index with no alias that still carries a rebuild's mark, not renewed for
     * {@code ocop.catalog.search.leftover-index-age} (ten minutes unless set; a running rebuild renews it
     * every 30 seconds, whichever instance runs it). An index without the mark (one whose rebuild finished,
     * or restored from a snapshot) is never deleted. Returns the names of those deleted. A failure is only
     * logged: disk space is all that is at stake, and the next start or rebuild tries again.
     */
    public List<String> removeLeftovers() {
        try {
            return removeLeftovers(clock.instant().minus(leftoverAge));
        } catch (RuntimeException e) {
            log.warn("Could not delete search indices left over by unfinished rebuilds: {}", e.toString());
            return List.of();
        }
    }

    List<String> removeLeftovers(Instant markedBefore) {
        exclusive.lock();
        try {
            var indices = client.indices()
                    .get(g -> g.index(ALIAS + "-*").ignoreUnavailable(true).allowNoIndices(true))
                    .indices();
            var removed = new ArrayList<String>();
            for (var entry : indices.entrySet()) {
                var name = entry.getKey();
                var state = entry.getValue();
                var marked = buildingMark(state);
                if (!BUILT_NAME.matcher(name).matches()
                        || !state.aliases().isEmpty()
                        || marked == null
                        || !marked.isBefore(markedBefore)) {
                    continue;
                }
                client.indices().delete(d -> d.index(name).ignoreUnavailable(true));
                log.warn(
                        "Deleted search index {}, left over by a rebuild that did not finish (last marked {})",
                        name,
                        marked);
                removed.add(name);
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            exclusive.unlock();
        }
    }

    private static @Nullable Instant buildingMark(IndexState state) {
        var mark = state.mappings() == null ? null : state.mappings().meta().get(BUILDING);
        return mark == null ? null : Instant.ofEpochMilli(mark.to(Long.class));
    }

    /**
     * Writes again the products changed since {@code since}, once the alias has moved to {@code index}. This
     * instance wrote every event it consumed during the rebuild to the new index as well, but another
     * instance consuming the topic's other partitions wrote its events only through the alias, to the index
     * being replaced; a product read before such a change would otherwise keep its old version in search
     * until it next changed. Older versions than the index holds are refused, as ever; returns how many
     * products were read.
     */
    private int catchUp(String index, ProductSource source, Instant since) throws IOException {
        int changed = 0;
        for (List<Versioned> batch = source.changedSince(since, null, PAGE);
                !batch.isEmpty();
                batch = source.changedSince(since, last(batch), PAGE)) {
            bulk(index, batch);
            changed += batch.size();
        }
        return changed;
    }

    private static UUID last(List<Versioned> batch) {
        return batch.getLast().product().productId();
    }

    /**
     * The catalogue's products to rebuild from, a page at a time in id order, each with its current version.
     * Pages are read by key ({@code after}: the last id of the page before, null for the first page).
     */
    public interface ProductSource {
        List<Versioned> page(@Nullable UUID after, int limit);

        /** As {@link #page}, only the products changed at {@code since} or later, by {@link #now}'s clock. */
        List<Versioned> changedSince(Instant since, @Nullable UUID after, int limit);

        /** The time by the clock that stamps the catalogue's changes: a rebuild catches up from its start. */
        Instant now();
    }

    public record Versioned(ProductSnapshot product, long version) {}

    private void bulk(String index, List<Versioned> batch) throws IOException {
        var request = new BulkRequest.Builder();
        for (var item : batch) {
            Map<String, Object> document = ProductDocuments.of(item.product());
            request.operations(op -> op.index(i -> i.index(index)
                    .id(item.product().productId().toString())
                    .version(item.version())
                    .versionType(VersionType.External)
                    .document(document)));
        }
        var response = client.bulk(request.build());
        var failures = new ArrayList<String>();
        boolean allRefusedForNow = true;
        for (BulkResponseItem item : response.items()) {
            // 409: a live event already wrote this product at a newer version, which is what we want.
            if (item.error() != null && item.status() != 409) {
                failures.add(item.id() + ": " + item.error().reason());
                allRefusedForNow &= ElasticsearchFailures.refusedForNow(item.status(), item.error());
            }
        }
        if (!failures.isEmpty()) {
            var failure = new IllegalStateException("Rebuild could not index " + failures);
            // Elasticsearch busy or blocked, not the catalogue's products at fault: the projection waits (see Outages).
            throw allRefusedForNow ? new ServerUnavailable("Elasticsearch", failure) : failure;
        }
    }

    /** Creates a concrete index; with {@code behindAlias}, the alias comes with it in the same request. */
    private String createIndex(boolean behindAlias) throws IOException {
        var name = ALIAS + "-" + SUFFIX.format(clock.instant());
        try (var layout = ProductIndex.class.getResourceAsStream(LAYOUT)) {
            var settings = JsonMapper.builder().build().readTree(layout);
            if (behindAlias) {
                ((ObjectNode) settings.path("mappings").path("_meta")).put(SEED, true);
            }
            client.indices().create(c -> {
                c.withJson(new StringReader(settings.toString())).index(name);
                if (behindAlias) {
                    c.aliases(ALIAS, alias -> alias.isWriteIndex(true));
                }
                return c;
            });
        }
        return name;
    }

    private static int schemaOf(String layout) {
        try (var json = ProductIndex.class.getResourceAsStream(layout)) {
            var schema = JsonMapper.builder()
                    .build()
                    .readTree(json)
                    .path("mappings")
                    .path("_meta")
                    .path("schema");
            if (!schema.isInt()) {
                throw new IllegalStateException(layout + " has no mappings._meta.schema");
            }
            return schema.asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
