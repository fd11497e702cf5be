package vn.ocop.storage;

/**
 * Object storage did not do what was asked: unreachable, a missing bucket or object, refused
 * credentials. The cause says which; callers that retry tell this apart from their own faults.
 */
public class ObjectStoreException extends IllegalStateException {

    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
