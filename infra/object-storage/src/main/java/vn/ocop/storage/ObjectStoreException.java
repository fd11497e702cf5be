package vn.ocop.storage;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Object storage did not do what was asked: unreachable, a missing bucket or object, refused
 * credentials; the cause says which. It is Spring's resource failure, as a database out of reach is,
 * so a request that meets it is answered 503 (try again shortly) and a consumer waits instead of
 * dead-lettering the record.
 */
public class ObjectStoreException extends DataAccessResourceFailureException {

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
