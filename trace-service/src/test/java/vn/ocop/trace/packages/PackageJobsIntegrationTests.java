package vn.ocop.trace.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import vn.ocop.servers.EmbeddedServers;
import vn.ocop.storage.ObjectStore;
import vn.ocop.testing.Http;
import vn.ocop.testing.KafkaRecords;
import vn.ocop.testing.LockWaits;
import vn.ocop.testing.ServiceIntegrationTest;
import vn.ocop.testing.TestTokens;
import vn.ocop.trace.TraceFixtures;
import vn.ocop.trace.TraceProperties;
import vn.ocop.trace.catalogue.ProductCopies;

/**
 * Package jobs through what a real deployment meets: object storage away for a while or for good,
 * an instance that stopped holding a job, two instances that both think a job is theirs, and a recall
 * in the middle of a job. This class's service keeps label sheets in a bucket of its own, which the
 * tests take away and bring back: a real outage of the storage the jobs write to.
 */
@ServiceIntegrationTest
@TestPropertySource(
        properties = {
            "ocop.trace.label-bucket=" + PackageJobsIntegrationTests.BUCKET,
            "ocop.trace.package-jobs.retry-backoff=500ms",
            "ocop.trace.package-jobs.max-attempts=4"
        })
class PackageJobsIntegrationTests {

    static final String BUCKET = "ocop-labels-job-tests";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    ProductCopies products;

    @Autowired
    MinioClient minio;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate template;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    TraceProperties properties;

    @Autowired
    PackageJobProperties settings;

    @Autowired
    Clock clock;

    @Autowired
    ObjectStore objects;

    @Autowired
    DataSource dataSource;

    private final KafkaRecords kafka =
            new KafkaRecords(EmbeddedServers.shared().addresses().kafkaBootstrapServers());

    private TraceFixtures.Fixture fixture;
    private String token;

    @BeforeEach
    void aBatchWithOnePackage() throws Exception {
        storageUp();
        fixture = new TraceFixtures(port, products, kafka)
                .fixture("JOB-" + UUID.randomUUID().toString().substring(0, 8), 1);
        token = TestTokens.producer(fixture.producer());
    }

    @Test
    void aJobWaitsOutAStorageOutageAndFinishesOnItsOwn() throws Exception {
        storageDown();
        var job = request(10);

        await().atMost(WAIT).until(() -> view(job).get("attempts").asInt() >= 1);
        var waiting = view(job);
        assertThat(waiting.get("state").asString()).isEqualTo("RUNNING");
        assertThat(waiting.get("created").asInt())
                .as("the packages are issued; only the sheet waits")
                .isEqualTo(10);
        assertThat(waiting.get("retryAt").isNull()).isFalse();
        assertThat(waiting.get("failure").asString()).startsWith("Object storage");
        assertThat(http().get(sheetPath(job), token).status()).isEqualTo(409);

        storageUp();
        await().atMost(WAIT).until(() -> state(job).equals("DONE"));
        var done = view(job);
        assertThat(done.get("created").asInt()).isEqualTo(10);
        assertThat(done.get("attempts").asInt()).isZero();
        assertThat(done.get("failure").isNull()).isTrue();
        assertThat(packagesOf(job)).isEqualTo(10);
        var sheet = http().get(sheetPath(job), token);
        assertThat(sheet.status()).isEqualTo(200);
        assertThat(sheet.contentType()).startsWith("application/pdf");
    }

    @Test
    void aLabelSheetAskedForWhileStorageIsAwayIsA503ProblemThatSaysTryAgain() throws Exception {
        var before = http().get(sheetPath(UUID.fromString(fixture.job())), token);
        assertThat(before.status()).isEqualTo(200);
        storageDown();

        var during = http().get(sheetPath(UUID.fromString(fixture.job())), token);
        assertThat(during.status()).as(during.body()).isEqualTo(503);
        assertThat(during.contentType()).startsWith("application/problem+json");
        assertThat(during.body()).contains("service-unavailable");
        assertThat(during.header("Retry-After")).isNotBlank();
    }

    @Test
    void aLabelSheetWhoseObjectIsGoneIsNoOutage() throws Exception {
        var job = UUID.fromString(fixture.job());
        var key = jdbc.sql("select label_sheet_key from package_job where id = ?")
                .param(job)
                .query(String.class)
                .single();
        minio.removeObject(RemoveObjectArgs.builder().bucket(BUCKET).object(key).build());

        var gone = http().get(sheetPath(job), token);
        assertThat(gone.status())
                .as("the store is there and answered; trying again would not help")
                .isEqualTo(500);
        assertThat(gone.header("Retry-After")).isNull();
        assertThat(gone.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aJobThatKeepsFailingEndsFailedAndCarriesOnWhenResumed() throws Exception {
        storageDown();
        var job = request(3);

        await().atMost(WAIT).until(() -> state(job).equals("FAILED"));
        var failed = view(job);
        assertThat(failed.get("attempts").asInt()).isEqualTo(settings.maxAttempts());
        assertThat(failed.get("retryAt").isNull())
                .as("a FAILED job waits to be resumed")
                .isTrue();
        assertThat(failed.get("finishedAt").isNull()).isFalse();
        assertThat(failed.get("failure").asString()).startsWith("Object storage");
        var sheet = http().get(sheetPath(job), token);
        assertThat(sheet.status()).isEqualTo(409);
        assertThat(sheet.json().get("state").asString()).isEqualTo("FAILED");
        assertThat(sheet.json().get("detail").asString()).contains("resume").doesNotContain("still being issued");

        var someoneElse = http().post(resumePath(job), TestTokens.producer(UUID.randomUUID()), Map.of());
        assertThat(someoneElse.status()).isEqualTo(404);
        var notFailed = http().post(resumePath(UUID.fromString(fixture.job())), token, Map.of());
        assertThat(notFailed.status()).isEqualTo(409);
        assertThat(notFailed.body()).contains("job-not-failed");
        assertThat(state(job)).as("refused resumptions change nothing").isEqualTo("FAILED");

        storageUp();
        var resumed = http().post(resumePath(job), token, Map.of());
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(202);
        assertThat(resumed.json().get("attempts").asInt()).isZero();
        await().atMost(WAIT).until(() -> state(job).equals("DONE"));
        assertThat(packagesOf(job)).isEqualTo(3);
        assertThat(http().get(sheetPath(job), token).status()).isEqualTo(200);
    }

    @Test
    void aJobLeftByAStoppedInstanceIsTakenUpOnceItsLeaseRunsOut() {
        var job = leasedJob(20, "trace-stopped-instance", Duration.ofSeconds(3));

        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofMillis(2500))
                .until(() -> view(job).get("created").asInt() == 0);
        await().atMost(WAIT).until(() -> state(job).equals("DONE"));
        assertThat(view(job).get("created").asInt()).isEqualTo(20);
        assertThat(packagesOf(job)).isEqualTo(20);
    }

    @Test
    void aHolderThatLostItsLeaseIssuesNothingMore() {
        var paused = runner("trace-paused-instance");
        var job = leasedJob(600, "trace-paused-instance", Duration.ofSeconds(60));
        assertThat(paused.issueChunk(job)).isEqualTo(PackageJobRunner.Step.ISSUED);

        // The holder pauses (a long collection, a frozen VM) past its lease, and another instance
        // takes the job over.
        var other = runner("trace-other-instance");
        jdbc.sql("update package_job set lease_owner = 'trace-other-instance' where id = ?")
                .param(job)
                .update();

        // The paused holder wakes up and carries on where it was: the job is no longer its own.
        assertThat(paused.issueChunk(job)).isEqualTo(PackageJobRunner.Step.NOT_HELD);
        paused.work(job);
        assertThat(view(job).get("created").asInt()).isEqualTo(PackageJobRunner.CHUNK);

        other.work(job);
        assertThat(state(job)).isEqualTo("DONE");
        assertThat(view(job).get("created").asInt()).isEqualTo(600);
        assertThat(packagesOf(job)).isEqualTo(600);
    }

    @Test
    void aProducersWaitingJobGoesBeforeTheOlderOneOfAProducerWithAJobUnderWay() throws Exception {
        var other = new TraceFixtures(port, products, kafka)
                .fixture("JOB-" + UUID.randomUUID().toString().substring(0, 8), 1);
        var now = Instant.now();
        // Uncommitted, so that only this test's runner sees them; every other job free to take now (none,
        // unless another test left one) is claimed along with them and let go with the rollback.
        var claims = transactions.execute(status -> {
            status.setRollbackOnly();
            job(fixture.batch(), 10, "trace-busy-instance", Duration.ofMinutes(1), now.minus(Duration.ofHours(3)));
            var older = job(fixture.batch(), 10, null, null, now.minus(Duration.ofHours(2)));
            var newer = job(other.batch(), 10, null, null, now.minus(Duration.ofHours(1)));
            var fair = runner("trace-fair-instance");
            var claimed = new ArrayList<UUID>();
            for (int i = 0; i < 100 && !claimed.containsAll(List.of(older, newer)); i++) {
                fair.claimNext().ifPresent(claimed::add);
            }
            return Map.of("older", claimed.indexOf(older), "newer", claimed.indexOf(newer));
        });

        assertThat(claims.get("newer")).as("the other producer's job is taken").isNotNegative();
        assertThat(claims.get("older"))
                .as("this producer's waiting job, older but behind its job under way, is taken after it")
                .isGreaterThan(claims.get("newer"));
    }

    @Test
    void chunksIssuedAtOnceForOneJobNeverAddUpToMoreThanWasAsked() throws Exception {
        var holder = runner("trace-busy-instance");
        var job = leasedJob(2_000, "trace-busy-instance", Duration.ofSeconds(60));

        try (var threads = Executors.newFixedThreadPool(4)) {
            var issuers = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 4; i++) {
                issuers.add(() -> {
                    int chunks = 0;
                    while (holder.issueChunk(job) == PackageJobRunner.Step.ISSUED) {
                        chunks++;
                    }
                    return chunks;
                });
            }
            int chunks = 0;
            for (var issuer : threads.invokeAll(issuers)) {
                chunks += issuer.get();
            }
            assertThat(chunks).isEqualTo(4);
        }
        assertThat(view(job).get("created").asInt()).isEqualTo(2_000);
        assertThat(packagesOf(job)).isEqualTo(2_000);
    }

    @Test
    void aBatchRecalledWhileItsPackagesAreIssuedGetsNoMore() {
        var holder = runner("trace-recall-instance");
        var job = leasedJob(2_000, "trace-recall-instance", Duration.ofSeconds(60));
        assertThat(holder.issueChunk(job)).isEqualTo(PackageJobRunner.Step.ISSUED);

        var recall = http().post(
                        "/api/batches/" + fixture.batch() + "/recall",
                        TestTokens.admin(),
                        Map.of("reason", "Sample data: a test recall"));
        assertThat(recall.status()).as(recall.body()).isEqualTo(200);

        assertThat(holder.issueChunk(job)).isEqualTo(PackageJobRunner.Step.STOPPED);
        var stopped = view(job);
        assertThat(stopped.get("state").asString()).isEqualTo("FAILED");
        assertThat(stopped.get("created").asInt()).isEqualTo(PackageJobRunner.CHUNK);
        assertThat(stopped.get("failure").asString()).contains("recalled").contains("500 of 2000");
        assertThat(packagesOf(job)).isEqualTo(PackageJobRunner.CHUNK);

        var sheet = http().get(sheetPath(job), token);
        assertThat(sheet.status()).isEqualTo(422);
        assertThat(sheet.body()).contains("batch-recalled").doesNotContain("resume");
        var resume = http().post(resumePath(job), token, Map.of());
        assertThat(resume.status()).isEqualTo(422);
        assertThat(resume.body()).contains("batch-recalled");
    }

    /**
     * A recall whose transaction has changed the batch but not yet committed when a chunk starts: the
     * chunk waits for it and then issues nothing, rather than reading the batch as it was and issuing
     * packages the recall does not stop. The recall's write is made here, on the batch's row as a
     * recall makes it, so that it can be held open.
     */
    @Test
    void aChunkThatMeetsARecallInFlightWaitsForItAndIssuesNothing() throws Exception {
        var holder = runner("trace-recall-race-instance");
        var job = leasedJob(1_000, "trace-recall-race-instance", Duration.ofSeconds(60));
        var pool = Executors.newSingleThreadExecutor();
        try (var recall = dataSource.getConnection()) {
            recall.setAutoCommit(false);
            try (var update = recall.prepareStatement(
                    "update batch set recalled_at = now(), recall_reason = ?, version = version + 1 where id = ?")) {
                update.setString(1, "Sample data: a recall in flight");
                update.setObject(2, fixture.batch());
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            var chunk = pool.submit(() -> holder.issueChunk(job));
            LockWaits.await(dataSource, 1, chunk);
            recall.commit();

            assertThat(chunk.get(30, TimeUnit.SECONDS)).isEqualTo(PackageJobRunner.Step.STOPPED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(packagesOf(job)).isZero();
        assertThat(view(job).get("state").asString()).isEqualTo("FAILED");
    }

    /** A second instance of the service's job runner, as another replica would run it (not polling). */
    private PackageJobRunner runner(String owner) {
        return new PackageJobRunner(owner, jdbc, template, transactions, properties, settings, clock, objects);
    }

    /** A job of this test's batch, inserted as held by {@code owner} for {@code lease}. */
    private UUID leasedJob(int requested, String owner, Duration lease) {
        return job(fixture.batch(), requested, owner, lease, Instant.now());
    }

    /** A job of {@code batch} started at {@code startedAt}: held by {@code owner} for {@code lease}, or free if null. */
    private UUID job(UUID batch, int requested, String owner, Duration lease, Instant startedAt) {
        var id = UUID.randomUUID();
        jdbc.sql(
                        """
                        insert into package_job (id, batch_id, requested, state, requested_by, started_at,
                                                 lease_owner, lease_until)
                        values (?, ?, ?, 'RUNNING', 'test', ?, ?, clock_timestamp() + make_interval(secs => ?))
                        """)
                .params(
                        id,
                        batch,
                        requested,
                        Timestamp.from(startedAt),
                        owner,
                        owner == null ? null : lease.toMillis() / 1000.0)
                .update();
        return id;
    }

    private UUID request(int count) {
        var response = http().post("/api/batches/" + fixture.batch() + "/packages", token, Map.of("count", count));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return UUID.fromString(response.json().get("id").asString());
    }

    private JsonNode view(UUID job) {
        var response = http().get("/api/package-jobs/" + job, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private String state(UUID job) {
        return view(job).get("state").asString();
    }

    private long packagesOf(UUID job) {
        return jdbc.sql("select count(*) from package where job_id = ?")
                .param(job)
                .query(Long.class)
                .single();
    }

    private static String sheetPath(UUID job) {
        return "/api/package-jobs/" + job + "/label-sheet.pdf";
    }

    private static String resumePath(UUID job) {
        return "/api/package-jobs/" + job + "/resume";
    }

    private Http http() {
        return new Http(port);
    }

    private void storageUp() throws Exception {
        if (!minio.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
            minio.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
        }
    }

    /** Takes this class's label bucket away, sheets and all. */
    private void storageDown() throws Exception {
        for (var item : minio.listObjects(
                ListObjectsArgs.builder().bucket(BUCKET).recursive(true).build())) {
            minio.removeObject(RemoveObjectArgs.builder()
                    .bucket(BUCKET)
                    .object(item.get().objectName())
                    .build());
        }
        minio.removeBucket(RemoveBucketArgs.builder().bucket(BUCKET).build());
    }
}
