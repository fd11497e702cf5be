package vn.ocop.trace.packages;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How package jobs are run.
 *
 * @param pollInterval how often an instance looks for a job to take: a new one, one whose pause after
 *     a failure is over, or one whose holder's lease ran out
 * @param lease how long a job stays with the instance that took it without word from it; renewed with
 *     every chunk of packages
 * @param retryBackoff the pause after a job's first failure; it doubles with each failure in a row
 * @param maxRetryBackoff the longest pause
 * @param maxAttempts failures in a row after which a job is FAILED and waits for someone to resume it
 * @param concurrentJobs the jobs one instance runs at once
 */
@ConfigurationProperties("ocop.trace.package-jobs")
public record PackageJobProperties(
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("5s") Duration retryBackoff,
        @DefaultValue("5m") Duration maxRetryBackoff,
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("2") int concurrentJobs) {

    public PackageJobProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ocop.trace.package-jobs.max-attempts must be at least 1");
        }
        if (concurrentJobs < 1) {
            throw new IllegalArgumentException("ocop.trace.package-jobs.concurrent-jobs must be at least 1");
        }
    }
}
