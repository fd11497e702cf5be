package vn.ocop.web;

import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;

/**
 * A write that a unique index may refuse after the service's own check found the value free: another
 * request stored it between the check and the write. The index's refusal is then answered as the
 * check would have answered, naming the field, not as the field-less {@code duplicate} of {@link
 * ProblemDetailsAdvice}.
 */
public final class UniqueIndex {

    private UniqueIndex() {}

    /** Runs {@code write}; a refusal by the unique index {@code index} becomes {@code problem}. */
    public static void guarding(String index, Supplier<ProblemException> problem, Runnable write) {
        try {
            write.run();
        } catch (DuplicateKeyException e) {
            if (String.valueOf(e.getMessage()).contains(index)) {
                throw problem.get();
            }
            throw e;
        }
    }
}
